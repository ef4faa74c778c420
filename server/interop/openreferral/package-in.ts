import { httpError } from '../../http/errors';
import { parseCsv } from '../files/csv';
import { NEVER, fromHsds1, isHsds1, type NotRead } from './hsds1';
import { TABLES, nest, type TableName } from './tabular';

/**
 * What an HSDS upload holds, as nested HSDS 3 service records: one service, an array or a
 * Page of them, or a data package (HSDS 3, or 1.x read through hsds1.ts) with its tables
 * inline (`data`) or as CSV text in `files`. A package's `path` is looked for where it
 * says, then under `data/`, then by file name anywhere (publishers move the CSVs without
 * updating datapackage.json). Tables and columns not read are returned for the report. Pure.
 */
type Json = Record<string, any>;
export type PackageRead = { services: Json[]; version: '1.x' | '3' | null; notRead: NotRead[] };

/** No package holds this many rows in one table; a file that does is refused, so work stays bounded. */
export const MAX_TABLE_ROWS = 500_000;

const baseName = (p: string) => p.split('/').pop()!;

function fileFor(files: Record<string, string>, path: string): string | undefined {
  if (typeof files[path] === 'string') return files[path];
  if (typeof files[`data/${path}`] === 'string') return files[`data/${path}`];
  const name = baseName(path);
  const match = Object.keys(files).filter((f) => baseName(f) === name).sort((a, b) => a.length - b.length)[0];
  return match === undefined ? undefined : files[match];
}

function rowsOf(r: Json, files: Record<string, string>): { rows: Json[]; headers: string[] } | null {
  if (Array.isArray(r.data)) return { rows: r.data, headers: [...new Set(r.data.flatMap((row: Json) => Object.keys(row)))] as string[] };
  const text = typeof r.path === 'string' ? fileFor(files, r.path) : undefined;
  if (text === undefined) return null;
  // Counted before parsing, so an oversized table costs a scan of its text, not its rows in memory.
  if (linesIn(text) > MAX_TABLE_ROWS + 1) throw httpError('too_large', `The ${r.name} table has more than ${MAX_TABLE_ROWS.toLocaleString('en-GB')} rows.`, [{ field: `files.${r.path}`, message: `has more than ${MAX_TABLE_ROWS} rows` }]);
  const { headers, records } = parseCsv(text);
  return { rows: records, headers };
}

function linesIn(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n + (text.endsWith('\n') ? 0 : 1);
}

const nonEmpty = (row: Json) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '' && v !== null && v !== undefined));

export function readUpload(body: unknown): PackageRead {
  const b = body as Json;
  if (Array.isArray(b)) return { services: b, version: null, notRead: [] };
  if (b && Array.isArray(b.contents)) return { services: b.contents, version: null, notRead: [] };
  const descriptor = b?.datapackage ?? (Array.isArray(b?.resources) ? b : null);
  if (descriptor) return readPackage(descriptor, b.files ?? {});
  if (b && typeof b === 'object' && b.id && b.name) return { services: [b], version: null, notRead: [] };
  throw httpError('invalid_file', 'Expected HSDS JSON (a service, an array or a page of services) or a data package.', [{ field: '(body)', message: 'is not HSDS' }]);
}

function readPackage(descriptor: Json, files: Record<string, string>): PackageRead {
  const resources: Json[] = Array.isArray(descriptor.resources) ? descriptor.resources : [];
  const v1 = isHsds1(resources.map((r) => String(r.name)));
  const tables: Record<string, Json[]> = {};
  const headers: Record<string, string[]> = {};
  const notRead: NotRead[] = [];
  for (const r of resources) {
    const name = String(r.name);
    if (!v1 && !TABLES.includes(name as TableName)) {
      notRead.push({ table: name, reason: 'Waymark has no field for this table' });
      continue;
    }
    if (v1 && NEVER[name]) {
      notRead.push({ table: name, reason: NEVER[name] }); // not even parsed
      continue;
    }
    const read = rowsOf(r, files);
    if (!read) {
      if (v1) {
        notRead.push({ table: name, reason: `named in datapackage.json but ${r.path ?? 'its file'} is not in the package` });
        continue;
      }
      throw httpError('invalid_file', `The data package's ${name} table has neither data nor a file.`, [{ field: `files.${r.path}`, message: 'is missing' }]);
    }
    if (read.rows.length > MAX_TABLE_ROWS) throw httpError('too_large', `The ${name} table has more than ${MAX_TABLE_ROWS.toLocaleString('en-GB')} rows.`, [{ field: `files.${r.path ?? name}`, message: `has more than ${MAX_TABLE_ROWS} rows` }]);
    tables[name] = read.rows.map(nonEmpty);
    headers[name] = read.headers;
  }
  if (!v1) return { services: nest(tables), version: '3', notRead };
  const converted = fromHsds1(tables, headers);
  return { services: nest(converted.tables), version: '1.x', notRead: [...notRead, ...converted.notRead] };
}
