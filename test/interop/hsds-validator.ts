import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { modularSchemas, readSchema, type Profile } from '../../server/interop/openreferral/schemas';

/**
 * Ajv (JSON Schema draft 2020-12) over the vendored Open Referral schemas: the modular
 * ones (which `$ref` each other by file name), the compiled list items, and the Page
 * envelope from openapi.json. Non-standard keywords in the schemas (`core`,
 * `constraints`, `datapackage_metadata` …) are annotations, hence strict: false.
 */
export function hsdsValidator(profile: Profile) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [file, schema] of Object.entries(modularSchemas(profile))) ajv.addSchema(schema, file);
  for (const file of ['service_list.json', 'service_at_location_list.json', ...(profile === 'hsds' ? ['organization_list.json'] : [])]) {
    ajv.addSchema(readSchema(profile, `compiled/${file}`), `compiled/${file}`);
  }
  const openapi = readSchema(profile, 'openapi.json') as unknown as { components: { schemas: { Page: object } }; paths: Record<string, { get: { responses: { 200: { content: { 'application/json': { schema: object } } } } } }> };
  const pageKeys = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'];
  const cache = new Map<string, ValidateFunction>();
  const compiled = (key: string, make: () => ValidateFunction) => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key)!;
  };
  const errorsOf = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  return {
    /** Problems with one object against a schema file (`service.json`, `compiled/service_list.json` …). */
    check(file: string, data: unknown): string[] {
      const v = compiled(file, () => ajv.getSchema(file)!);
      return v(data) ? [] : errorsOf(v);
    },
    /** Problems with a Page envelope whose contents are `itemFile` objects. */
    checkPage(itemFile: string, data: unknown): string[] {
      const v = compiled(`page:${itemFile}`, () =>
        ajv.compile({ allOf: [openapi.components.schemas.Page], required: pageKeys, properties: { contents: { type: 'array', items: { $ref: itemFile } } } }),
      );
      return v(data) ? [] : errorsOf(v);
    },
    /** Problems with the landing page against its response schema in openapi.json. */
    checkLanding(data: unknown): string[] {
      const v = compiled('landing', () => ajv.compile(openapi.paths['/'].get.responses[200].content['application/json'].schema));
      return v(data) ? [] : errorsOf(v);
    },
  };
}
