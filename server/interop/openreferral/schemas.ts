import fs from 'node:fs';
import path from 'node:path';

/**
 * The vendored Open Referral schemas (standards/hsds-3, standards/oruk): the modular
 * draft 2020-12 schemas that refer to each other by file name, and the compiled list-item
 * schemas. Read once, lazily. Used to shape UK-profile responses and, in tests, by Ajv.
 */
export type Profile = 'hsds' | 'uk';
type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; [k: string]: unknown };

export const STANDARDS_DIR = path.resolve(__dirname, '..', '..', '..', 'standards');
const FOLDER: Record<Profile, string> = { hsds: 'hsds-3', uk: 'oruk' };
const cache = new Map<string, Schema>();

/** `service.json`, `compiled/service_list.json`, `openapi.json` … of one profile. */
export function readSchema(profile: Profile, file: string): Schema {
  const key = `${profile}/${file}`;
  let schema = cache.get(key);
  if (!schema) {
    schema = JSON.parse(fs.readFileSync(path.join(STANDARDS_DIR, FOLDER[profile], 'schema', file), 'utf8')) as Schema;
    cache.set(key, schema);
  }
  return schema;
}

/** Every modular schema file of a profile, by file name (what their `$ref`s name). */
export function modularSchemas(profile: Profile): Record<string, Schema> {
  const dir = path.join(STANDARDS_DIR, FOLDER[profile], 'schema');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json');
  return Object.fromEntries(files.map((f) => [f, readSchema(profile, f)]));
}

/**
 * Keep only what a profile's schema defines, recursively: the UK profile is a subset of
 * HSDS 3, so an HSDS object pruned to the ORUK schema is the ORUK object.
 */
export function pruneToSchema(value: unknown, schema: Schema, profile: Profile): unknown {
  if (schema.$ref) return pruneToSchema(value, readSchema(profile, schema.$ref), profile);
  if (Array.isArray(value)) return schema.items ? value.map((v) => pruneToSchema(v, schema.items!, profile)) : value;
  if (value && typeof value === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties[k]) out[k] = pruneToSchema(v, schema.properties[k], profile);
    }
    return out;
  }
  return value;
}
