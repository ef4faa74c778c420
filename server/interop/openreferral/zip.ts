import { Unzip, UnzipInflate, strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { httpError, HttpError } from '../../http/errors';

/**
 * Tabular data packages as .zip files (fflate: pure JS, no dependencies, and a streaming
 * unzip, so what an entry inflates to is counted as it comes out rather than trusted from
 * its header). Pure.
 */
export type ZipLimits = { maxEntries: number; maxTotalBytes: number; maxEntryBytes?: number; maxRatio?: number };
/**
 * A real package is a dozen files of a few MB that deflate 4–10 times; these leave room
 * for a big directory and refuse a bomb. The ratio (bytes out per byte of the zip read so
 * far) applies once 10 MB have come out.
 */
export const ZIP_LIMITS: ZipLimits = { maxEntries: 64, maxTotalBytes: 200_000_000, maxEntryBytes: 100_000_000, maxRatio: 50 };
/** Compressed bytes fed to the inflater at a time: deflate expands at most ~1,032×, so one step yields at most ~4 MB. */
const STEP_BYTES = 4096;
/** Steps between yields to the event loop. */
const STEPS_PER_YIELD = 16;
const RATIO_FLOOR_BYTES = 10_000_000;

/** How many bytes the inflater let out: a refused bomb shows it stopped at the limit. */
export type InflateMeter = { inflated: number };

export const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const tooBig = (field: string, message: string) => httpError('too_large', `The zip file ${message}.`, [{ field, message }]);
const unreadable = (message: string) => httpError('invalid_file', `The zip file cannot be read: ${message}.`, [{ field: '(body)', message: 'is not a readable zip file' }]);
const mb = (n: number) => `${(n / 1e6).toLocaleString('en-GB')} MB`;

/**
 * The text files of a zip, by path. The package may sit in a folder inside the zip (as
 * "Compress folder" makes it): paths are then relative to the folder holding
 * datapackage.json. Directories are skipped. The zip is fed to the inflater a few KB at a
 * time, yielding to the event loop between steps, and inflation stops the moment a limit
 * is passed (entries, bytes of one entry, bytes in all, or bytes out per byte in): a 413
 * naming the body, with at most one step's output beyond the limit ever made.
 */
export async function unzipPackage(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS, meter: InflateMeter = { inflated: 0 }): Promise<Record<string, string>> {
  const chunks = new Map<string, Uint8Array[]>();
  let entries = 0;
  let consumed = 0;
  // fflate may catch what its callbacks throw and report it its own way: keep our refusal to rethrow.
  let refused: HttpError | undefined;
  const refuse = (err: HttpError) => {
    refused ??= err;
    throw err;
  };
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    entries++;
    if (entries > limits.maxEntries) refuse(tooBig('(body)', `has more than ${limits.maxEntries} entries`));
    if (file.name.endsWith('/')) return;
    const parts: Uint8Array[] = [];
    let entryBytes = 0;
    chunks.set(file.name, parts);
    file.ondata = (err, chunk) => {
      if (refused) throw refused;
      if (err) refuse(unreadable(err.message));
      meter.inflated += chunk.length;
      entryBytes += chunk.length;
      if (limits.maxEntryBytes !== undefined && entryBytes > limits.maxEntryBytes) refuse(tooBig('(body)', `has an entry that inflates to more than ${mb(limits.maxEntryBytes)}`));
      if (meter.inflated > limits.maxTotalBytes) refuse(tooBig('(body)', `inflates to more than ${mb(limits.maxTotalBytes)}`));
      if (limits.maxRatio !== undefined && meter.inflated > RATIO_FLOOR_BYTES && meter.inflated > limits.maxRatio * consumed) refuse(tooBig('(body)', `inflates to more than ${limits.maxRatio} times its size`));
      parts.push(chunk);
    };
    file.start();
  };
  try {
    for (let at = 0, step = 0; at < bytes.length && !refused; at += STEP_BYTES, step++) {
      consumed = Math.min(bytes.length, at + STEP_BYTES);
      unzip.push(bytes.subarray(at, at + STEP_BYTES), at + STEP_BYTES >= bytes.length);
      if (step % STEPS_PER_YIELD === STEPS_PER_YIELD - 1) await new Promise((r) => setImmediate(r));
    }
  } catch (err) {
    throw refused ?? (err instanceof HttpError ? err : unreadable((err as Error).message));
  }
  if (refused) throw refused;
  const names = [...chunks.keys()];
  const descriptor = names.filter((n) => n === 'datapackage.json' || n.endsWith('/datapackage.json')).sort((a, b) => a.length - b.length)[0];
  if (!descriptor) throw httpError('invalid_file', 'The zip file holds no datapackage.json.', [{ field: 'datapackage.json', message: 'is missing from the zip' }]);
  const folder = descriptor.slice(0, -'datapackage.json'.length);
  const files: Record<string, string> = {};
  for (const [name, parts] of chunks) {
    if (!name.startsWith(folder)) continue;
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    files[name.slice(folder.length)] = strFromU8(joined).replace(/^\uFEFF/, '');
  }
  return files;
}

/** Text files (path → content) as a deflated zip. */
export function zipFiles(files: Record<string, string>): Uint8Array {
  const zippable: Zippable = {};
  for (const [path, text] of Object.entries(files)) zippable[path] = strToU8(text);
  return zipSync(zippable, { level: 6 });
}
