import { strToU8, zipSync } from 'fflate';
import { HttpError } from '../../http/errors';
import { zipBomb } from '../../../test/interop/zip-bomb';
import { ZIP_LIMITS, isZip, unzipPackage, zipFiles, type InflateMeter } from './zip';

const files = { 'datapackage.json': '{"resources":[]}', 'services.csv': 'id,name\r\na,Café Recovery\r\n' };

const errorOf = async (f: () => Promise<unknown>): Promise<HttpError> => {
  try {
    await f();
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('expected an error');
};

test('what zipFiles writes, unzipPackage reads back, accents and all', async () => {
  const zip = zipFiles(files);
  expect(isZip(zip)).toBe(true);
  expect(await unzipPackage(zip)).toEqual(files);
});

test('a package inside a folder of the zip is read relative to its datapackage.json; other folders are left out', async () => {
  const zip = zipSync({ 'calder/': {}, 'calder/datapackage.json': strToU8(files['datapackage.json']), 'calder/services.csv': strToU8(files['services.csv']), 'other/x.csv': strToU8('x') });
  expect(await unzipPackage(zip)).toEqual(files);
});

test('no datapackage.json is a 422 naming it; bytes that are not a zip are a 422 on the body', async () => {
  const missing = await errorOf(() => unzipPackage(zipSync({ 'services.csv': strToU8('id\r\n') })));
  expect([missing.status, missing.details]).toEqual([422, [{ field: 'datapackage.json', message: 'is missing from the zip' }]]);
  const broken = zipFiles(files).slice(0, 60);
  expect((await errorOf(() => unzipPackage(broken))).status).toBe(422);
  expect(isZip(strToU8('{"a":1}'))).toBe(false);
});

test('too many entries, or more inflated bytes than allowed, is a 413 naming the body', async () => {
  const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.csv`, 'x']));
  const count = await errorOf(() => unzipPackage(zipFiles({ ...files, ...many }), { maxEntries: 5, maxTotalBytes: 1e6 }));
  expect([count.status, count.details]).toEqual([413, [{ field: '(body)', message: 'has more than 5 entries' }]]);
  // 100,000 zeros deflate to about 100 bytes: a small bomb against a 50,000-byte allowance.
  const bomb = zipFiles({ ...files, 'zeros.csv': '0'.repeat(100_000) });
  expect(bomb.length).toBeLessThan(1000);
  const size = await errorOf(() => unzipPackage(bomb, { maxEntries: 64, maxTotalBytes: 50_000 }));
  expect(size.status).toBe(413);
  expect(size.details?.[0].field).toBe('(body)');
});

test('the inflated size is counted as it comes out, not read from headers that may lie', async () => {
  const zip = zipFiles({ ...files, 'zeros.csv': '0'.repeat(100_000) });
  // Claim 10 bytes for every entry, in the local headers (offset 22) and the central directory (offset 24).
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, 10, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, 10, true);
  }
  expect((await errorOf(() => unzipPackage(zip, { maxEntries: 64, maxTotalBytes: 50_000 }))).status).toBe(413);
});

test('a 1 GiB entry in a zip of about 1 MB is refused with inflation stopped at the limit, not after it', async () => {
  const bomb = zipBomb(1024);
  expect(bomb.length).toBeLessThan(1_100_000);
  const meter: InflateMeter = { inflated: 0 };
  const refused = await errorOf(() => unzipPackage(bomb, ZIP_LIMITS, meter));
  expect([refused.status, refused.details]).toEqual([413, [{ field: '(body)', message: 'inflates to more than 50 times its size' }]]);
  // The ratio rule (to the bytes read so far) fires once 10 MB are out; one 4 KB step of input inflates to at most ~4.2 MB more.
  expect(meter.inflated).toBeGreaterThan(10_000_000);
  expect(meter.inflated).toBeLessThan(10_000_000 + 4096 * 1032 + 1);
  // The entry-size and total rules stop it the same way when the ratio rule is off.
  const byEntry: InflateMeter = { inflated: 0 };
  const entry = await errorOf(() => unzipPackage(bomb, { maxEntries: 64, maxTotalBytes: 200_000_000, maxEntryBytes: 20_000_000 }, byEntry));
  expect(entry.details).toEqual([{ field: '(body)', message: 'has an entry that inflates to more than 20 MB' }]);
  expect(byEntry.inflated).toBeLessThan(20_000_000 + 4096 * 1032 + 1);
});
