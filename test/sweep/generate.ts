import prand from 'pure-rand';
import { z, type ZodType } from 'zod';

/**
 * The bad-input corpus: from each route's own zod schemas (via JSON Schema, input side) a
 * plausible request is built, then one hostile change is made to it. Everything is drawn
 * from one seeded generator, so a failure reproduces from its seed.
 */
export class Random {
  private rng: prand.RandomGenerator;
  constructor(readonly seed: number) {
    this.rng = prand.xoroshiro128plus(seed);
  }
  int(min: number, max: number): number {
    return prand.unsafeUniformIntDistribution(min, max, this.rng);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }
  uuid(): string {
    const hex = () => this.int(0, 0xffff).toString(16).padStart(4, '0');
    return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-${'89ab'[this.int(0, 3)]}${hex().slice(1)}-${hex()}${hex()}${hex()}`;
  }
}

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

export function jsonSchemaOf(schema: ZodType | undefined): JsonSchema | null {
  if (!schema) return null;
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null;
  }
}

/** Values that pass the usual checks for fields whose rules a JSON Schema cannot carry. */
export const PLAUSIBLE: Record<string, unknown> = {
  lat: 53.72, lng: -1.86, email: 'sweep@test.waymark', password: 'sweep-password-123', name: 'Sweep Record', displayName: 'Sweep Person',
  reason: 'Checked by the sweep', postcode: 'HX1 1AA', phone: '01422 123456', website: 'https://example.org', start: '09:00', end: '10:00',
  bbox: '-1.9,53.7,-1.8,53.75', withinMetres: '1000', limit: '10', offset: '0', updatedSince: '2026-01-01', q: 'sweep', day: 1,
};

export function plausible(r: Random, schema: JsonSchema | undefined, name = '', inQuery = false): unknown {
  if (!schema) return 'x';
  if (name in PLAUSIBLE) {
    const v = PLAUSIBLE[name];
    return inQuery ? String(v) : v;
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return r.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return plausible(r, alternatives.find((a) => a.type !== 'null') ?? alternatives[0], name, inQuery);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || r.chance(0.4)) out[key] = plausible(r, prop, key, inQuery);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, r.int(0, 2)) }, () => plausible(r, schema.items, name, inQuery));
    case 'boolean':
      return r.chance(0.5);
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'string':
      if (schema.format === 'uuid') return r.uuid();
      if (schema.format === 'email') return 'sweep@test.waymark';
      if (schema.format === 'uri') return 'https://example.org';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (schema.format === 'date') return '2026-01-01';
      if (schema.pattern?.includes('[-+]?')) return '10';
      return 'sweep text'.padEnd(schema.minLength ?? 0, 'x');
    default:
      return 'x';
  }
}

/** Hostile values: wrong types, NUL and control characters, huge and negative numbers, odd text. */
export const HOSTILE_VALUES: unknown[] = [
  null, true, false, 0, -1, -0.5, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, '', ' ', '\u0000', 'a\u0000b', '\u0007bell', '\u001b[31mred',
  'é'.repeat(16), '\ud800', '\uffff', '🙂'.repeat(50), 'x'.repeat(20_000), [], [1], [null], ['\u0000'], {}, { a: 1 }, { __proto__: { admin: true } },
  'NaN', 'Infinity', '-Infinity', '1e400', '-0', '0x10', '١٢٣', "' OR 1=1 --", '%FF', '../../etc/passwd', '<script>alert(1)</script>',
  'javascript:alert(1)', '0000-01-01', '275760-09-13', '-1.9,,53', ',,,', '00000000-0000-0000-0000-000000000000',
];

/** Hostile query-string values, written raw (some deliberately badly percent-encoded). */
export const HOSTILE_QUERY: string[] = [
  '', '%00', 'a%00b', '%07', '%1B', '%FF', '%E0%A4%A', '%', '%%', encodeURIComponent('é'.repeat(16)), 'x'.repeat(5000), '-1', '1e308', '-1e308',
  'NaN', 'Infinity', 'true', 'null', '[]', '{}', ',,,', '1,2,3', '1,2,3,4,5', '-200,0,0,1', '0000-01-01', '9999-99-99', '0x1F',
  "%27%20OR%201%3D1", encodeURIComponent('<script>'), '%20', '+',
];

export const HOSTILE_PATH_PARAMS: string[] = [
  '%FF', '%00', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'a'.repeat(3000), '..%2F..', '%2e%2e', 'NULL', '-1', '1e308',
  encodeURIComponent('é'.repeat(16)), '%E0%A4%A', 'HX1%001AA', 'ZZ99%209ZZ',
];

export const HOSTILE_BODIES: { contentType: string; body: string | Buffer; contentEncoding?: string }[] = [
  { contentType: 'application/json', body: '{' },
  { contentType: 'application/json', body: '{"a":' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '"text"' },
  { contentType: 'application/json', body: '123' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  { contentType: 'application/json', body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}' },
  { contentType: 'application/json', body: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}` },
  { contentType: 'application/json; charset=ebcdic', body: '{}' },
  { contentType: 'application/json; charset=utf-16', body: '{}' },
  { contentType: 'application/json; charset=latin1', body: '{"name":"caf\u00e9"}' },
  { contentType: 'text/plain', body: 'hello' },
  { contentType: 'application/x-www-form-urlencoded', body: 'name=x&kind=other' },
  { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
  { contentType: 'application/json', body: '{}', contentEncoding: 'gzip' },
  { contentType: 'application/json', body: '{}', contentEncoding: 'compress' },
  { contentType: 'application/json', body: '{}', contentEncoding: 'deflate' },
  { contentType: 'application/json', body: '{}', contentEncoding: 'br' },
];

/** Set `value` at a random path inside a plausible body (or add it as an unknown key). */
export function mutateAt(r: Random, body: unknown, value: unknown): { body: unknown; where: string } {
  if (body === null || typeof body !== 'object') return { body: value, where: '(body)' };
  const clone = structuredClone(body) as Record<string, unknown>;
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    if (path.length) paths.push(path);
    if (v && typeof v === 'object' && path.length < 4) for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(clone, []);
  if (!paths.length || r.chance(0.15)) {
    const key = r.pick(['unknownField', '__proto__', 'constructor', 'id', 'createdBy', 'status', 'role', 'a\u0000b']);
    Object.defineProperty(clone, key, { value, enumerable: true, configurable: true, writable: true });
    return { body: clone, where: key };
  }
  const path = r.pick(paths);
  let target = clone as Record<string, unknown>;
  for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
  target[path[path.length - 1]] = value;
  return { body: clone, where: path.join('.') };
}
