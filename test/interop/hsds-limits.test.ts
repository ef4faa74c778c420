import { createTestContext, type TestContext } from '../harness';
import { zipFiles } from '../../server/interop/openreferral/zip';
import { rawUploader } from './raw-upload';
import { zipBomb } from './zip-bomb';

/**
 * HSDS uploads stay bounded: a zip bomb is refused while inflating (the unit test in
 * server/interop/openreferral/zip.test.ts counts the bytes the inflater let out), a
 * package with 40,000 attribute rows for one service nests in linear time (it froze the
 * server for minutes when each row copied its group), and a table past the row limit is
 * refused before it is parsed.
 */
let ctx: TestContext;
let upload: Awaited<ReturnType<typeof rawUploader>>;
beforeAll(async () => {
  ctx = await createTestContext();
  upload = await rawUploader(ctx.app, 'coordinator');
});
afterAll(async () => ctx.close());

const send = (zip: Uint8Array) => upload('/api/imports/hsds?source=limits', Buffer.from(zip) as unknown as string, 'application/zip');
const descriptor = JSON.stringify({ resources: [{ name: 'service', path: 'services.csv' }, { name: 'attribute', path: 'attributes.csv' }] });

test('a zip of about 1 MB holding a 1 GiB entry is a 413, and nothing is written', async () => {
  const res = await send(zipBomb(1024));
  expect(res.status).toBe(413);
  expect(res.body.error.details).toEqual([{ field: '(body)', message: 'inflates to more than 50 times its size' }]);
  expect(Number((await ctx.db.knex('external_ref').where({ source_key: 'limits' }).count('* as n'))[0].n)).toBe(0);
});

test('40,000 attribute rows for one service import (grouped in one pass); 30 tags kept and the rest reported', async () => {
  const terms = Array.from({ length: 40_000 }, (_, i) => `a${i},svc-1,00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const termsCsv = `id,name\n${Array.from({ length: 40_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')},Term ${i}`).join('\n')}`;
  const zip = zipFiles({
    'datapackage.json': JSON.stringify({ resources: [...JSON.parse(descriptor).resources, { name: 'taxonomy_term', path: 'taxonomy_terms.csv' }] }),
    'services.csv': 'id,name\nsvc-1,Calder Helpline\n',
    'attributes.csv': `id,link_id,taxonomy_term_id\n${terms.join('\n')}\n`,
    'taxonomy_terms.csv': termsCsv,
  });
  const res = await send(zip);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ services: 1, created: 1, problems: [] });
  expect(res.body.warnings).toEqual([{ row: 1, field: 'tags', message: 'has 40000 terms: the first 30 (by name) are kept' }]);
});

test('a table of more than 500,000 rows is a 413 naming its file', async () => {
  const zip = zipFiles({ 'datapackage.json': descriptor, 'services.csv': 'id,name\nsvc-1,Calder Helpline\n', 'attributes.csv': `id\n${'x\n'.repeat(500_001)}` });
  const res = await send(zip);
  expect(res.status).toBe(413);
  expect(res.body.error.details).toEqual([{ field: 'files.attributes.csv', message: 'has more than 500000 rows' }]);
});
