import type { CollectionDef } from './collections';
import { DEFAULT_LIMIT, MAX_LIMIT } from './query';

/** The OpenAPI 3.0 description of /ogc (conformance class oas30) with the collections a viewer may read. Pure. */
export function openApiDocument(baseUrl: string, collections: readonly CollectionDef[]): Record<string, unknown> {
  const param = (name: string, description: string, schema: object, style?: object) => ({ name, in: 'query', required: false, description, schema, ...style });
  const common = [
    param('limit', `At most this many features (default ${DEFAULT_LIMIT}, capped at ${MAX_LIMIT})`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }, { style: 'form', explode: false }),
    param('offset', 'Skip this many features (the next/prev links carry it)', { type: 'integer', minimum: 0, default: 0 }),
    param('bbox', 'minLng,minLat,maxLng,maxLat in CRS84', { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } }, { style: 'form', explode: false }),
    param('numberMatched', 'true: count every match (numberMatched); by default it is given only on the last page', { type: 'boolean' }),
    param('datetime', 'Last change: an RFC 3339 instant or interval (start/end, ".." open)', { type: 'string' }, { style: 'form', explode: false }),
  ];
  const geojson = { 'application/geo+json': { schema: { type: 'object' } } };
  const json = { 'application/json': { schema: { type: 'object' } } };
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { 200: { description: 'Links to the API', content: json } } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { 200: { description: 'Conformance', content: json } } } },
    '/api': { get: { summary: 'This document', operationId: 'getApi', responses: { 200: { description: 'OpenAPI 3.0', content: { 'application/vnd.oai.openapi+json;version=3.0': {} } } } } },
    '/collections': { get: { summary: 'Feature collections', operationId: 'getCollections', responses: { 200: { description: 'Collections', content: json } } } },
  };
  const schemaOf = (type: CollectionDef['filters'][number]['type']) =>
    type === 'boolean' ? { type: 'boolean' } : type === 'number' ? { type: 'number' } : { type: 'string', ...(type === 'uuid' ? { format: 'uuid' } : {}) };
  for (const c of collections) {
    const filters = c.filters.map((f) => param(f.name, f.description, schemaOf(f.type)));
    const shared = c.temporal ? common : common.filter((p) => p.name !== 'datetime');
    paths[`/collections/${c.id}`] = { get: { summary: c.title, operationId: `describe_${c.id}`, responses: { 200: { description: c.description, content: json }, 404: { description: 'Not found' } } } };
    paths[`/collections/${c.id}/items`] = {
      get: {
        summary: `${c.title}: features`, operationId: `get_${c.id}_items`, parameters: [...shared, ...filters],
        responses: { 200: { description: 'A page of features', content: geojson }, 400: { description: 'Unknown or bad parameter' } },
      },
    };
    paths[`/collections/${c.id}/items/{featureId}`] = {
      get: {
        summary: `${c.title}: one feature`, operationId: `get_${c.id}_feature`,
        parameters: [{ name: 'featureId', in: 'path', required: true, schema: c.featureIds === 'uuid' ? { type: 'string', format: 'uuid' } : { type: 'string', description: 'category.cell, e.g. mutual_aid.<cell_id>' } }],
        responses: { 200: { description: 'A feature', content: geojson }, 404: { description: 'Not found' } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Waymark OGC API Features', version: '1.0.0', description: 'Published recovery assets, sites, LEROs and linkage pathways (and, for those who read gap maps, coverage-gap cells). Sensitive places are shown at their masking cell, never their exact point.' },
    servers: [{ url: baseUrl }],
    paths,
  };
}
