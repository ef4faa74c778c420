import type { RegisteredRoute } from '../../server/http/route';
import { PLAUSIBLE, jsonSchemaOf, type JsonSchema } from './generate';

/**
 * The stall corpus: for each route, the largest request its own zod schemas allow (via
 * JSON Schema, input side): every optional field present, strings at their maximum
 * length, arrays at their maximum size, numbers at one end of their range ("high": at
 * their maximum, "low": at their minimum, since a smaller cell or radius can cost more
 * than a larger one). Where a schema sets no bound, a large one stands in (the HTTP
 * limits then answer). Deterministic: the same routes give the same requests.
 */
export type Extreme = 'high' | 'low';
export type LargestRequest = { method: string; path: string; query: string; body: string | undefined; contentType: string | undefined; what: string };

/** Stand-ins where a schema sets no bound. */
const UNBOUNDED_STRING = 20_000;
const UNBOUNDED_QUERY_STRING = 2_000;
const UNBOUNDED_ARRAY = 2_000;
/**
 * Named fields whose widest valid value a JSON Schema cannot say (England, or nearly);
 * `source`: the import source the callers save a mapping for, so imports run in full.
 */
const WIDEST: Record<string, unknown> = { bbox: '-6,49.9,1.8,55.8', withinMetres: '50000', source: 'stall' };

function numberAt(schema: JsonSchema, end: Extreme, integer: boolean): number {
  const step = integer ? 1 : 1e-6;
  if (end === 'high') {
    if (schema.maximum !== undefined) return schema.maximum;
    if (schema.exclusiveMaximum !== undefined) return schema.exclusiveMaximum - step;
    return integer ? 1_000_000 : 1e6;
  }
  if (schema.minimum !== undefined) return schema.minimum;
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + step;
  return 0;
}

export function largest(schema: JsonSchema | undefined, end: Extreme, name = '', inQuery = false): unknown {
  if (!schema) return 'x';
  if (name in WIDEST) return inQuery ? String(WIDEST[name]) : WIDEST[name];
  if (name in PLAUSIBLE) return inQuery ? String(PLAUSIBLE[name]) : PLAUSIBLE[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[end === 'high' ? schema.enum.length - 1 : 0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return largest(alternatives.find((a) => a.type !== 'null') ?? alternatives[0], end, name, inQuery);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] = largest(prop, end, key, inQuery);
      return out;
    }
    case 'array': {
      const n = inQuery ? Math.min(schema.maxItems ?? 20, 50) : (schema.maxItems ?? UNBOUNDED_ARRAY);
      return Array.from({ length: n }, () => largest(schema.items, end, name, inQuery));
    }
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const v = numberAt(schema, end, type === 'integer');
      return inQuery ? String(v) : v;
    }
    case 'string': {
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (schema.format === 'date') return '2026-01-01';
      if (schema.format === 'email') return `${'a'.repeat(Math.max(1, Math.min(64, (schema.maxLength ?? 254) - 20)))}@sweep.test.waymark`;
      if (schema.format === 'uri') return `https://example.org/${'p'.repeat(Math.max(0, Math.min(schema.maxLength ?? 2000, 2000) - 20))}`;
      if (schema.pattern) return schema.pattern.includes('[-+]?') ? '10' : 'x';
      const n = schema.maxLength ?? (inQuery ? UNBOUNDED_QUERY_STRING : UNBOUNDED_STRING);
      return 'Stall check text '.repeat(Math.ceil(n / 17)).slice(0, n);
    }
    default:
      return 'x';
  }
}

/** Rows of a CSV as large as the stall check sends to file-import routes (no body schema). */
export function largeCsv(rows: number): string {
  const lines = ['ref,name,category,lat,lng'];
  for (let i = 0; i < rows; i++) lines.push(`stall-${i},Stall Check Place ${i},mutual_aid,${(53.62 + (i % 200) * 0.001).toFixed(4)},${(-2.1 + Math.floor(i / 200) * 0.003).toFixed(4)}`);
  return lines.join('\n');
}

/** Routes that take a file as the body rather than JSON (their handlers read the raw upload). */
const FILE_ROUTES = /\/imports\/files(\/preview)?$|\/areas\/import|\/imports\//;

export function largestRequest(route: RegisteredRoute, end: Extreme, ids: Record<string, string>, csvRows: number): LargestRequest {
  let path = route.path;
  for (const p of route.path.match(/:[a-zA-Z]+/g) ?? []) path = path.replace(p, encodeURIComponent(ids[p.slice(1)] ?? ids.id));
  const querySchema = jsonSchemaOf(route.schemas.query);
  const query = (querySchema ? largest(querySchema, end, '', true) : {}) as Record<string, unknown>;
  const queryString = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`)
    .join('&');
  if (route.method === 'GET') return { method: 'GET', path, query: queryString, body: undefined, contentType: undefined, what: `${end} query` };
  const bodySchema = jsonSchemaOf(route.schemas.body);
  if (!bodySchema && FILE_ROUTES.test(route.path)) {
    return { method: route.method, path, query: queryString, body: largeCsv(csvRows), contentType: 'text/csv', what: `${end} query, ${csvRows}-row CSV` };
  }
  const body = bodySchema ? largest(bodySchema, end) : {};
  return { method: route.method, path, query: queryString, body: JSON.stringify(body), contentType: 'application/json', what: `${end} query and body` };
}
