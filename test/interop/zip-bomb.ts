import { constants, deflateRawSync } from 'node:zlib';

/**
 * A zip bomb made in the test, small on disk: a datapackage.json and one entry of
 * `mebibytes` MiB of zeros. Each MiB is deflated once with a full flush (a block that does
 * not refer back), so the same ~1 KB is repeated: a 1 GiB entry costs about 1 MB and a
 * millisecond, never the entry itself. The headers state the true sizes; the CRC is not
 * computed (a reader that checks it has already inflated everything, which is the bug).
 */
export function zipBomb(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  const finalBlock = Buffer.from([0x03, 0x00]); // an empty final block
  const deflated = Buffer.concat([...Array.from({ length: mebibytes }, () => block), finalBlock]);
  const descriptor = Buffer.from('{"resources":[{"name":"service","path":"services.csv"}]}');
  const entries = [
    { name: 'datapackage.json', method: 0, data: descriptor, size: descriptor.length },
    { name: 'services.csv', method: 8, data: deflated, size: mebibytes * (1 << 20) },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
