import { readSchema, type Profile } from './schemas';

/**
 * HSDS as a tabular data package (Frictionless): one CSV per HSDS table, described by a
 * datapackage.json built from the vendored schemas themselves (each schema names its
 * CSV `path` and its fields), and nested HSDS records flattened into those tables. Pure.
 */
type Json = Record<string, any>;
export const TABLES = ['organization', 'service', 'location', 'service_at_location', 'address', 'phone', 'schedule', 'taxonomy', 'taxonomy_term', 'attribute'] as const;
export type TableName = (typeof TABLES)[number];

const PRIMITIVE = new Set(['string', 'number', 'integer', 'boolean']);

export function tableColumns(table: TableName, profile: Profile = 'hsds'): { name: string; type: string; format?: string; description?: string }[] {
  const schema = readSchema(profile, `${table}.json`) as Json;
  return Object.entries(schema.properties as Record<string, Json>)
    .filter(([, p]) => PRIMITIVE.has(p.type))
    .map(([name, p]) => ({ name, type: p.type === 'number' ? 'number' : p.type, ...(p.format && p.format !== 'uri' && p.format !== 'email' ? { format: p.format === 'uuid' ? 'uuid' : p.format } : {}), description: p.description }));
}

export const tablePath = (table: TableName, profile: Profile = 'hsds') => String((readSchema(profile, `${table}.json`) as Json).path);

export function datapackage(title: string): Json {
  return {
    name: 'waymark-hsds',
    title,
    profile: 'tabular-data-package',
    licenses: [{ name: 'OGL-UK-3.0', path: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/' }],
    resources: TABLES.map((t) => ({
      name: t,
      path: tablePath(t),
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: { fields: tableColumns(t), primaryKey: 'id' },
    })),
  };
}

/** Full HSDS service records (+ organisations, taxonomies) → rows per table, each id once. */
export function flatten(input: { services: Json[]; organizations: Json[]; taxonomies: Json[]; taxonomyTerms: Json[] }): Record<TableName, Json[]> {
  const tables = Object.fromEntries(TABLES.map((t) => [t, new Map<string, Json>()])) as Record<TableName, Map<string, Json>>;
  const put = (t: TableName, row: Json, extra: Json = {}) => {
    if (!tables[t].has(row.id)) tables[t].set(row.id, { ...row, ...extra });
  };
  for (const o of input.organizations) put('organization', o);
  for (const t of input.taxonomies) put('taxonomy', t);
  for (const t of input.taxonomyTerms) put('taxonomy_term', t);
  for (const s of input.services) {
    put('service', s);
    for (const p of s.phones ?? []) put('phone', p);
    for (const sc of s.schedules ?? []) put('schedule', sc);
    for (const a of s.attributes ?? []) put('attribute', a);
    for (const sal of s.service_at_locations ?? []) {
      put('service_at_location', sal);
      if (sal.location) {
        put('location', sal.location);
        for (const ad of sal.location.addresses ?? []) put('address', ad);
        for (const a of sal.location.attributes ?? []) put('attribute', a);
      }
    }
  }
  return Object.fromEntries(TABLES.map((t) => {
    const cols = tableColumns(t).map((c) => c.name);
    return [t, [...tables[t].values()].map((r) => Object.fromEntries(cols.map((c) => [c, r[c]])))];
  })) as Record<TableName, Json[]>;
}

/** Rows grouped by a column's value, in one pass (each row appended to its group: linear in the rows). */
export function groupBy<T extends Json>(rows: T[] | undefined, key: string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows ?? []) {
    const k = r[key];
    if (!k) continue;
    const group = m.get(k);
    if (group) group.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Tables (rows keyed by column, values as text) → nested HSDS service records, as the API serves them. */
export function nest(tables: Partial<Record<TableName, Json[]>>): Json[] {
  const by = groupBy;
  const num = (v: unknown) => (v === '' || v === undefined || v === null ? undefined : Number(v));
  const terms = new Map((tables.taxonomy_term ?? []).map((t) => [t.id, t]));
  const locations = new Map<string, Json>((tables.location ?? []).map((l) => [l.id, { ...l, latitude: num(l.latitude), longitude: num(l.longitude) }]));
  const addresses = by(tables.address, 'location_id');
  const phones = by(tables.phone, 'service_id');
  const schedules = by(tables.schedule, 'service_id');
  const attributes = by(tables.attribute, 'link_id');
  const sals = by(tables.service_at_location, 'service_id');
  const orgs = new Map((tables.organization ?? []).map((o) => [o.id, o]));
  return (tables.service ?? []).map((s) => ({
    ...s,
    organization: s.organization_id ? orgs.get(s.organization_id) : undefined,
    phones: phones.get(s.id) ?? [],
    schedules: schedules.get(s.id) ?? [],
    attributes: (attributes.get(s.id) ?? []).map((a) => ({ ...a, taxonomy_term: terms.get(a.taxonomy_term_id) })),
    service_at_locations: (sals.get(s.id) ?? []).map((sal) => {
      const loc = locations.get(sal.location_id);
      return { ...sal, location: loc && { ...loc, addresses: addresses.get(loc.id) ?? [], attributes: (attributes.get(loc.id) ?? []).map((a) => ({ ...a, taxonomy_term: terms.get(a.taxonomy_term_id) })) } };
    }),
  }));
}
