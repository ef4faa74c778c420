import { filterTar } from './tar-filter';
import { keepForWaymark } from './postgis-bundle';

/** A ustar archive built by hand: each entry a 512-byte header and its data padded to 512. */
function header(name: string, size: number, type = '0'): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, at: number) => block.set(new TextEncoder().encode(text), at);
  put(name, 0);
  put('0000644\0', 100);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  put(type, 156);
  put('ustar\u000000', 257);
  return block;
}
function archive(entries: [string, string, string?][]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, body, type] of entries) {
    const data = new TextEncoder().encode(body);
    parts.push(header(name, data.length, type), data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}
const names = (tar: Uint8Array) => {
  const found: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const block = tar.subarray(at, at + 512);
    if (block.every((b) => b === 0)) break;
    const size = parseInt(new TextDecoder().decode(block.subarray(124, 135)), 8);
    found.push(new TextDecoder().decode(block.subarray(0, 100)).replace(/\0.*$/s, ''));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
};

test('keeps the chosen entries byte for byte, drops the rest, and ends the archive', () => {
  const full = archive([['a.txt', 'x'.repeat(700)], ['b.txt', 'drop me'], ['c.txt', '']]);
  const kept = filterTar(full, (e) => e.name !== 'b.txt');
  expect(names(kept)).toEqual(['a.txt', 'c.txt']);
  // a.txt: header + two data blocks, unchanged; c.txt: a header alone; then two zero blocks.
  expect(Buffer.from(kept.subarray(0, 1536)).equals(Buffer.from(full.subarray(0, 1536)))).toBe(true);
  expect(kept.length).toBe(1536 + 512 + 1024);
  expect(kept.subarray(kept.length - 1024).every((b) => b === 0)).toBe(true);
});

test('a GNU long-name header goes with the entry it names', () => {
  const full = archive([['././@LongLink', 'long/name.txt', 'L'], ['long/na', 'body'], ['././@LongLink', 'other/name.txt', 'L'], ['other/n', 'body']]);
  expect(names(filterTar(full, (e) => e.name === 'long/na'))).toEqual(['././@LongLink', 'long/na']);
});

test('a truncated archive is refused, not silently cut', () => {
  const full = archive([['a.txt', 'x'.repeat(700)]]);
  expect(() => filterTar(full.subarray(0, 1000), () => true)).toThrow(/runs past the end/);
});

test("Waymark's rule: the postgis library, its scripts and PROJ's data; not raster, topology or tiger", () => {
  const kept = (name: string, type = '0') => keepForWaymark({ name, type });
  expect(kept('lib/postgresql/postgis-3.so')).toBe(true);
  expect(kept('share/proj/proj.db')).toBe(true);
  expect(kept('share/postgresql/extension/postgis.control')).toBe(true);
  expect(kept('share/postgresql/extension/postgis--3.6.2.sql')).toBe(true);
  expect(kept('share/postgresql/extension/postgis--3.5.0--ANY.sql', '2')).toBe(true);
  expect(kept('lib/postgresql/postgis_raster-3.so')).toBe(false);
  expect(kept('lib/postgresql/postgis_topology-3.so')).toBe(false);
  expect(kept('share/postgresql/extension/postgis_tiger_geocoder--3.6.2.sql')).toBe(false);
  expect(kept('share/postgresql/extension/postgis--unpackaged--3.6.2.sql')).toBe(false);
  expect(kept('share/postgresql/contrib/postgis-3.6/spatial_ref_sys.sql')).toBe(false);
});
