import { createTestContext, type Client, type TestContext } from '../harness';
import { destination } from '../geo-reference';
import type { Viewer } from '../../server/auth/viewer';
import { checkImport, prepareImport, saveMapping, writeImport } from '../../server/interop/files/service';

/**
 * An import checks its new rows for duplicates before its write transaction opens
 * (checkImport), so other requests take turns between the check's statements. The write
 * uses that check only while it still holds: a record committed in between is checked
 * against again, inside the transaction, and caught.
 */
let ctx: TestContext;
let coord: Client;
let viewer: Viewer;
const BASE = { lat: 53.7105, lng: -1.9102 };
const at = (bearing: number, metres: number) => destination(BASE.lat, BASE.lng, bearing, metres);
const OPTS = { source: 'check-first', format: 'csv' as const, mode: 'valid_only' as const, publish: true };

const csvOf = (rows: [string, string, { lat: number; lng: number }][]) =>
  ['ref,name,category,lat,lng', ...rows.map(([ref, name, p]) => `${ref},${name},other,${p.lat},${p.lng}`)].join('\r\n');

/** The statements a function sends, by their text. */
async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const listen = (q: { sql: string }) => sql.push(q.sql);
  ctx.db.knex.on('query', listen);
  try {
    return { result: await work(), sql };
  } finally {
    ctx.db.knex.off('query', listen);
  }
}
/** The registry's candidates looked up (one statement for a few rows): the duplicate check running. */
const checking = (sql: string[]) => sql.filter((s) => s.includes('live AS MATERIALIZED')).length;

beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  const user = await ctx.db.knex('app_user').where({ id: coord.userId }).first('id', 'email', 'display_name');
  viewer = { user: { id: user.id, email: user.email, displayName: user.display_name, role: 'coordinator' }, sessionId: null, csrfToken: null };
  expect((await coord.post('/api/assets', { name: 'Sowerby Bridge Recovery Café', category: 'recovery_community', sites: [at(0, 0)], publish: true })).status).toBe(201);
  await saveMapping(ctx.db.knex, viewer, OPTS.source, { externalId: 'ref', name: 'name', category: 'category', lat: 'lat', lng: 'lng' });
});
afterAll(async () => ctx.close());

test('a check nothing has overtaken is used by the write, which does not check again', async () => {
  const text = csvOf([['a1', 'Sowerby Bridge Recovery Cafe', at(10, 120)], ['a2', 'Copley Garden Project', at(270, 900)]]);
  const prepared = await prepareImport(ctx.db.knex, { ...OPTS, text });
  const { result: checked, sql: checkSql } = await statementsOf(() => checkImport(ctx.db.knex, viewer, prepared, OPTS));
  expect(checking(checkSql)).toBe(1);
  expect(checked.verdicts.duplicates.map((d) => d?.name ?? null)).toEqual(['Sowerby Bridge Recovery Café', null]);
  const { result: report, sql } = await statementsOf(() => writeImport(ctx.db.knex, viewer, prepared, OPTS, () => {}, checked));
  expect(checking(sql)).toBe(0);
  expect(report.created).toBe(2);
  expect(report.held.map((h) => [h.row, h.reason])).toEqual([[2, 'likely_duplicate']]);
});

test('a record committed between the check and the write is checked against inside the write', async () => {
  const place = at(300, 2000);
  const text = csvOf([['b1', 'Luddenden Choir', place], ['b2', 'Mytholmroyd Allotments', at(120, 2500)]]);
  const prepared = await prepareImport(ctx.db.knex, { ...OPTS, text });
  const checked = await checkImport(ctx.db.knex, viewer, prepared, OPTS);
  // Nothing like it in the registry when the check ran.
  expect(checked.verdicts.duplicates).toEqual([null, null]);
  // Then a volunteer's twin is published 40 m away before the write opens.
  expect((await coord.post('/api/assets', { name: 'Luddenden Choir', category: 'other', sites: [destination(place.lat, place.lng, 90, 40)], publish: true })).status).toBe(201);
  const { result: report, sql } = await statementsOf(() => writeImport(ctx.db.knex, viewer, prepared, OPTS, () => {}, checked));
  expect(checking(sql)).toBe(1);
  expect(report.held.map((h) => [h.row, h.reason])).toEqual([[2, 'likely_duplicate']]);
});

test('without a check the write checks inside, with the same answer', async () => {
  const text = csvOf([['c1', 'Sowerby Bridge Recovery Cafe ', at(20, 150)]]);
  const prepared = await prepareImport(ctx.db.knex, { ...OPTS, text });
  const { result: report, sql } = await statementsOf(() => writeImport(ctx.db.knex, viewer, prepared, OPTS));
  expect(checking(sql)).toBe(1);
  expect(report.held.map((h) => [h.row, h.reason])).toEqual([[2, 'likely_duplicate']]);
});
