/**
 * Turn an API-shaped patch (camelCase, undefined = "not given") into a row for knex, using
 * a whitelist of columns, so no key a client sends can name a column by itself.
 */
export function toColumns<K extends string>(
  values: Partial<Record<K, unknown>>,
  columnOf: Record<K, string>,
  encode: Partial<Record<K, (v: unknown) => unknown>> = {},
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const key of Object.keys(columnOf) as K[]) {
    const v = values[key];
    if (v === undefined) continue;
    const enc = encode[key];
    row[columnOf[key]] = enc ? enc(v) : v;
  }
  return row;
}
