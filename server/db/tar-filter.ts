/**
 * Keep some entries of a tar archive, byte for byte: headers and data blocks are copied as
 * they are, so what is kept reads exactly as before. Handles ustar and GNU headers; a GNU
 * long-name or pax header travels with the entry it describes. I/O-free.
 */
const BLOCK = 512;
/** Header types that describe the entry after them rather than being entries. */
const PREFIX_TYPES = new Set(['L', 'K', 'x', 'g']);

export type TarEntry = { name: string; type: string; size: number };

function readString(block: Uint8Array, offset: number, length: number): string {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function headerOf(block: Uint8Array): TarEntry {
  const name = readString(block, 0, 100);
  // ustar splits long paths into a prefix (GNU's "ustar " magic uses that room for times).
  const prefix = readString(block, 257, 6) === 'ustar' ? readString(block, 345, 155) : '';
  const sizeText = readString(block, 124, 12).trim();
  if (!/^[0-7]*$/.test(sizeText)) throw new Error(`tar: unreadable size "${sizeText}"`);
  return { name: prefix ? `${prefix}/${name}` : name, type: readString(block, 156, 1) || '0', size: sizeText ? parseInt(sizeText, 8) : 0 };
}

const isZeroBlock = (block: Uint8Array) => block.every((b) => b === 0);

export function filterTar(archive: Uint8Array, keep: (entry: TarEntry) => boolean): Uint8Array {
  const kept: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (isZeroBlock(header)) break;
    const entry = headerOf(header);
    const end = offset + BLOCK + Math.ceil(entry.size / BLOCK) * BLOCK;
    if (end > archive.length) throw new Error(`tar: ${entry.name} runs past the end of the archive`);
    const whole = archive.subarray(offset, end);
    offset = end;
    if (PREFIX_TYPES.has(entry.type)) {
      pending.push(whole);
      continue;
    }
    if (keep(entry)) kept.push(...pending, whole);
    pending = [];
  }
  kept.push(new Uint8Array(BLOCK * 2)); // the end-of-archive marker
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of kept) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
