import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../../http/route';
import { booleanParam } from '../../http/params';
import { uploadedText } from '../../http/upload';
import { HttpError } from '../../http/errors';
import { sourceKey } from '../meeting-guide/routes';
import { PACKAGE_FILES, exportPackageFile, importHsds } from './exchange';

const REVIEWERS = ['coordinator', 'admin'] as const;
const fileParams = z.object({ file: z.enum(PACKAGE_FILES) });
const importQuery = z
  .object({ source: sourceKey, publish: booleanParam.default(false), mode: z.enum(['all_or_nothing', 'valid_only']).default('all_or_nothing') })
  .strict();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'validation_failed', '(body): is not valid JSON', [{ field: '(body)', message: 'is not valid JSON' }]);
  }
}

/** The HSDS tabular data package out (/api/exports/hsds/datapackage.json and its CSVs), HSDS in. */
export function hsdsExchangeRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'get', path: '/exports/hsds/:file', access: 'anyone', summary: 'HSDS tabular data package: datapackage.json and its CSV files', params: fileParams,
    handler: async ({ params, viewer }, res) => {
      const { type, body } = await exportPackageFile(knex, viewer, params.file);
      res.type(type);
      return typeof body === 'string' ? void res.send(body) : body;
    },
  });
  routes.add({
    method: 'post', path: '/imports/hsds', access: REVIEWERS, summary: 'Import HSDS JSON or a data package (pending or published)', query: importQuery,
    handler: async ({ query, viewer, req }) => importHsds(knex, viewer, { ...query, body: parseJson(await uploadedText(req, 50_000_000)) }),
  });
  return { router, registry: routes };
}
