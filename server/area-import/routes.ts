import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf } from '../audit/transaction';
import { fromZod, httpError, HttpError } from '../http/errors';
import { readUpload } from '../http/multipart';
import { RouteRegistry } from '../http/route';
import { ImportProblems, type Mapping } from './parse';
import { importAreas, type ImportInput } from './service';

const FILES = ['boundaries', 'population', 'deprivation', 'wards'] as const;
const MAX_FILE_BYTES = 300_000_000; // England's generalised LSOA boundaries are ~60 MB; full resolution several hundred

const heading = z.string().trim().min(1).max(200).optional();
const mappingFields = z.object(Object.fromEntries(FILES.flatMap((f) => ['code', 'name', 'laCode', 'rank', 'decile', 'population'].map((k) => [`${f}.${k}`, heading])))).strict();

/** Row problems as the API's field errors: "deprivation row 3: Index of … Rank". */
const asHttpError = (err: ImportProblems) =>
  httpError('import_refused', `Nothing was imported. ${err.message}`, err.problems.map((p) => ({ field: `${p.file} row ${p.row}: ${p.field}`, message: p.message, file: p.file, row: p.row })));

function toInput(upload: Awaited<ReturnType<typeof readUpload>>): ImportInput {
  const parsed = mappingFields.safeParse(upload.fields);
  if (!parsed.success) throw fromZod(parsed.error);
  const input: ImportInput = {};
  for (const role of FILES) {
    const file = upload.files[role];
    if (!file) continue;
    const mapping: Mapping = {};
    for (const [key, value] of Object.entries(parsed.data)) if (value && key.startsWith(`${role}.`)) mapping[key.slice(role.length + 1) as keyof Mapping] = value as string;
    input[role] = { ...file, mapping };
  }
  return input;
}

/** With `Accept: application/x-ndjson` the answer streams one progress line per batch, then the result. */
function progressStream(res: Response, wanted: boolean) {
  return (p: object) => {
    if (!wanted) return;
    if (!res.headersSent) res.status(200).type('application/x-ndjson');
    res.write(JSON.stringify({ progress: p }) + '\n');
  };
}

export function areaImportRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'post', path: '/areas/import', access: ['admin'], summary: 'Import LSOA boundaries, population and deprivation files, and optionally wards (multipart), all or nothing',
    handler: async ({ viewer, req }, res) => {
      const input = toInput(await readUpload(req, FILES, MAX_FILE_BYTES));
      const streaming = String(req.headers.accept ?? '').includes('application/x-ndjson');
      try {
        const result = await importAreas(knex, actorOf(viewer), input, progressStream(res, streaming));
        if (!res.headersSent) return result;
        res.end(JSON.stringify({ result }) + '\n');
      } catch (err) {
        const httpError = err instanceof ImportProblems ? asHttpError(err) : err;
        if (!res.headersSent) throw httpError;
        // Already streaming: the transaction rolled back; say so on the stream.
        const e = httpError instanceof HttpError ? { code: httpError.code, message: httpError.message, details: httpError.details } : { code: 'internal', message: 'The import failed and nothing was kept.' };
        res.end(JSON.stringify({ error: e }) + '\n');
      }
      return undefined;
    },
  });

  return { router, registry: routes };
}
