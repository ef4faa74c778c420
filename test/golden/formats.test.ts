import fs from 'node:fs';
import { createTestContext, type Client, type TestContext } from '../harness';
import { rawUploader } from '../interop/raw-upload';
import { casesOf, expectGolden } from './golden';

/**
 * Golden files for the formats Waymark reads and writes (test/golden/<format>/in → out;
 * REGEN=1 rewrites the outputs). One app for every case; the cases run in order, OGC's
 * documents first (before any import can change them).
 */
let ctx: TestContext;
let coord: Client;
let anon: Client;
let upload: Awaited<ReturnType<typeof rawUploader>>;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  anon = await ctx.as('anon');
  upload = await rawUploader(ctx.app, 'coordinator');
});
afterAll(async () => ctx.close());

const read = (file: string) => fs.readFileSync(file, 'utf8');
const ok = <T extends { status: number; body: unknown }>(res: T, status = 200) => {
  expect([res.status, res.status === status ? null : res.body]).toEqual([status, null]);
  return res.body as any;
};
/** The registry's records an import made from a source, as a coordinator reads them. */
const assetsOfSource = async (source: string) => {
  const ids = (await ctx.db.knex('external_ref').where({ source_key: source }).distinct('asset_id')).map((r) => r.asset_id as string);
  return Promise.all(ids.map(async (id) => ok(await coord.get(`/api/assets/${id}`))));
};

describe('OGC API Features: landing page and collection documents', () => {
  test.each(casesOf('ogc', '.url'))('$name', async ({ name, file }) => {
    expectGolden('ogc', name, ok(await anon.get(read(file).trim())));
  });
});

describe('HSDS import → Open Referral services', () => {
  test.each(casesOf('hsds', '.json'))('$name', async ({ name, file }) => {
    const source = `golden-hsds-${name}`;
    const report = ok(await coord.post(`/api/imports/hsds?source=${source}&publish=true`, JSON.parse(read(file))));
    const assets = await assetsOfSource(source);
    const services = await Promise.all(assets.filter((a) => a.status === 'published').map(async (a) => ok(await anon.get(`/openreferral/services/${a.id}`))));
    expectGolden('hsds', name, { report, services });
  });
});

describe('Meeting Guide feed in → feed out', () => {
  test.each(casesOf('meeting-guide', '.json'))('$name', async ({ name, file }) => {
    const before = new Set((ok(await anon.get('/api/exports/meeting-guide')) as unknown[]).map((m) => JSON.stringify(m)));
    const report = ok(await coord.post(`/api/imports/meeting-guide?source=golden-mg-${name}&publish=true&mode=valid_only`, JSON.parse(read(file))));
    const feed = (ok(await anon.get('/api/exports/meeting-guide')) as unknown[]).filter((m) => !before.has(JSON.stringify(m)));
    expectGolden('meeting-guide', name, { report, feed });
  });
});

describe('CSV with a column mapping → registry records', () => {
  test.each(casesOf('csv', '.csv'))('$name', async ({ name, file }) => {
    const source = `golden-csv-${name}`;
    const text = read(file);
    const preview = ok(await upload(`/api/imports/files/preview?source=${source}&format=csv`, text));
    const mappingFile = file.replace(/\.csv$/, '.mapping.json');
    const mapping = fs.existsSync(mappingFile) ? JSON.parse(read(mappingFile)) : preview.suggestedMapping;
    ok(await coord.put(`/api/imports/mappings/${source}`, { mapping }));
    const report = ok(await upload(`/api/imports/files?source=${source}&format=csv&publish=true&mode=valid_only`, text));
    expectGolden('csv', name, { suggestedMapping: preview.suggestedMapping, report, assets: await assetsOfSource(source) });
  });
});
