import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Request } from 'express';
import { RouteRegistry } from '../../http/route';
import { startJob } from '../../jobs/service';
import { booleanParam } from '../../http/params';
import { uploadedText } from '../../http/upload';
import { assetListQuerySchema } from '../../assets/schemas';
import { sourceKey } from '../meeting-guide/routes';
import { assetsCsv, assetsGeojson } from './export';
import { MAPPABLE_FIELDS } from './mapping';
import * as service from './service';

const REVIEWERS = ['coordinator', 'admin'] as const;
const MAX_FILE_BYTES = 50_000_000;
const format = z.enum(['csv', 'geojson']).default('csv');
const previewQuery = z.object({ source: sourceKey, format }).strict();
const importQuery = z
  .object({ source: sourceKey, format, mode: z.enum(['all_or_nothing', 'valid_only']).default('valid_only'), publish: booleanParam.default(false), async: booleanParam.default(false) })
  .strict();
const sourceParams = z.object({ source: sourceKey });
const mappingBody = z.object({ mapping: z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().trim().min(1).max(200)) }).strict()
  .refine((b) => b.mapping.name !== undefined, { message: 'must map a column to name', path: ['mapping', 'name'] });
const exportQuery = assetListQuerySchema;
/** RFC 7240: `Prefer: respond-async` (or `?async=true`) asks for a job instead of waiting for the report. */
const wantsJob = (req: Request, asked: boolean) => asked || /(^|[,\s])respond-async\b/i.test(req.get('prefer') ?? '');

/** File imports (CSV, GeoJSON) with a saved column mapping per source, and asset exports. */
export function fileRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'post', path: '/imports/files/preview', access: REVIEWERS, summary: 'Read a file: columns, sample rows, saved and suggested mapping', query: previewQuery,
    handler: async ({ query, req }) => service.preview(knex, query.source, query.format, await uploadedText(req, MAX_FILE_BYTES)),
  });
  routes.add({
    method: 'get', path: '/imports/mappings/:source', access: REVIEWERS, summary: "A source's saved column mapping", params: sourceParams,
    handler: async ({ params }) => service.getMapping(knex, params.source),
  });
  routes.add({
    method: 'put', path: '/imports/mappings/:source', access: REVIEWERS, summary: "Save a source's column mapping", params: sourceParams, body: mappingBody,
    handler: async ({ params, body, viewer }) => service.saveMapping(knex, viewer, params.source, body.mapping),
  });
  routes.add({
    method: 'post', path: '/imports/files', access: REVIEWERS, summary: 'Import assets from a CSV or GeoJSON file (as a job if asked; NDJSON progress if asked)', query: importQuery,
    handler: async ({ query, viewer, req }, res) => {
      const { async: asJob, ...opts } = query;
      const text = await uploadedText(req, MAX_FILE_BYTES);
      if (wantsJob(req, asJob)) {
        // 202 at once; the import runs after this answer and GET /api/jobs/:id tells how far it got.
        const job = await startJob(knex, viewer, 'import:file', (progress) => service.importFile(knex, viewer, { ...opts, text }, progress));
        res.status(202).set({ Location: job.url, 'Preference-Applied': 'respond-async' });
        return { job };
      }
      if (!req.get('accept')?.includes('application/x-ndjson')) return service.importFile(knex, viewer, { ...opts, text });
      // Progress lines while it runs, then the report (or the error) as the last line.
      res.status(200).type('application/x-ndjson');
      const line = (o: object) => res.write(`${JSON.stringify(o)}\n`);
      await service.importFile(knex, viewer, { ...opts, text }, (p) => line({ progress: p })).then((report) => line({ report }), (err) => line({ error: { code: err.code ?? 'internal', message: err.message, details: err.details } }));
      res.end();
      return undefined;
    },
  });
  routes.add({
    method: 'get', path: '/exports/assets.csv', access: 'anyone', summary: 'Assets as CSV (masked as the API masks them)', query: exportQuery,
    handler: async ({ query, viewer }, res) => {
      res.type('text/csv').attachment('waymark-assets.csv').send(await assetsCsv(knex, viewer, query));
    },
  });
  routes.add({
    method: 'get', path: '/exports/assets.geojson', access: 'anyone', summary: 'Assets as GeoJSON (masked as the API masks them)', query: exportQuery,
    handler: async ({ query, viewer }, res) => {
      res.type('application/geo+json');
      return assetsGeojson(knex, viewer, query);
    },
  });
  return { router, registry: routes };
}
