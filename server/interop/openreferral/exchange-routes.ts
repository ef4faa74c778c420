import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../../http/route';
import { booleanParam } from '../../http/params';
import { textOf, uploadedBytes } from '../../http/upload';
import { sourceKey } from '../meeting-guide/routes';
import { PACKAGE_FILES, exportPackageFile, hsdsUpload, importHsds } from './exchange';

const REVIEWERS = ['coordinator', 'admin'] as const;
const fileParams = z.object({ file: z.enum(PACKAGE_FILES) });
const importQuery = z
  .object({ source: sourceKey, publish: booleanParam.default(false), mode: z.enum(['all_or_nothing', 'valid_only']).default('all_or_nothing') })
  .strict();

/** The HSDS tabular data package out (/api/exports/hsds/datapackage.json and its CSVs), HSDS in. */
export function hsdsExchangeRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'get', path: '/exports/hsds/:file', access: 'anyone', summary: 'HSDS tabular data package: datapackage.json and its CSV files, or all in datapackage.zip', params: fileParams,
    handler: async ({ params, viewer }, res) => {
      const { type, body } = await exportPackageFile(knex, viewer, params.file);
      res.type(type);
      if (body instanceof Uint8Array) return void res.attachment(params.file).send(Buffer.from(body));
      return typeof body === 'string' ? void res.send(body) : body;
    },
  });
  routes.add({
    method: 'post', path: '/imports/hsds', access: REVIEWERS, summary: 'Import HSDS JSON or a data package, as JSON or a .zip (pending or published)', query: importQuery,
    handler: async ({ query, viewer, req }) => {
      const bytes = await uploadedBytes(req, 50_000_000);
      return importHsds(knex, viewer, { ...query, body: await hsdsUpload(bytes, () => textOf(bytes)) });
    },
  });
  return { router, registry: routes };
}
