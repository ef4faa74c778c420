import fs from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { resultsReadLimits } from '../http/expensive-reads';
import { RouteRegistry } from '../http/route';
import { sendVersioned } from '../http/versioned';
import { uuidParam } from '../http/params';
import { planSampleSize } from '../sampling/planner';
import { planChange } from '../sampling/power';
import * as callerService from './caller-service';
import * as method from './method-service';
import { campaignForResults } from './results-repo';
import { CampaignReads } from './results-cache';
import * as results from './results-service';
import {
  agreementSchema, assignSchema, attemptSchema, campaignCreateSchema, secondCodingSchema, campaignPatchSchema, comparisonQuerySchema, drawSchema, pairsQuerySchema,
  pathwaysQuerySchema, sampleSizeQuerySchema, comparisonSizeQuerySchema, worklistQuerySchema,
} from './schemas';
import * as service from './service';
import { CALLER_ROLES, TEAM_ROLES } from './view';

/** Linkage-test campaigns: docs/linkage-api.md is the contract for every route here. */
const idParams = z.object({ id: uuidParam });
const emptyBody = z.object({}).strict();
const COMMISSIONING_READERS = [...TEAM_ROLES, 'commissioner'] as const;
const DOCS_DIR = path.resolve(__dirname, '../../docs');

function download(res: Response, filename: string, type: string, body: string): void {
  res.set('Content-Disposition', `attachment; filename="${filename}"`).type(type).send(body);
}

export function linkageRoutes(knex: Knex, config: Pick<Config, 'expensiveReads' | 'resultsCache'>): { router: Router; registry: RouteRegistry } {
  const router = Router();
  // Results and pathways are public once published and cost seconds when not cached: a budget per account or address.
  const limits = resultsReadLimits(config.expensiveReads);
  if (limits.length) {
    router.use(['/campaigns/:id/results', '/campaigns/:id/comparison', '/campaigns/:id/export/summary.json', '/campaigns/:id/pathways.geojson'], ...limits);
  }
  const reads = new CampaignReads(knex, config.resultsCache);
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/campaigns', access: 'anyone', summary: 'Campaigns this viewer may see',
    handler: async ({ viewer }) => service.listCampaigns(knex, viewer),
  });
  routes.add({
    method: 'post', path: '/campaigns', access: TEAM_ROLES, summary: 'Design a linkage-test campaign (draft)', body: campaignCreateSchema,
    handler: async ({ body, viewer }, res) => { res.status(201); return service.createCampaign(knex, viewer, body); },
  });
  routes.add({
    method: 'get', path: '/campaigns/:id', access: TEAM_ROLES, summary: 'One campaign with its design', params: idParams,
    handler: async ({ params }) => service.getCampaign(knex, params.id),
  });
  routes.add({
    method: 'patch', path: '/campaigns/:id', access: TEAM_ROLES, summary: 'Change a campaign (design, frame, rubric only before the draw)', params: idParams, body: campaignPatchSchema,
    handler: async ({ params, body, viewer }) => service.updateCampaign(knex, viewer, params.id, body),
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/frame', access: TEAM_ROLES, summary: 'The sampling frame and how many pairs it can give', params: idParams,
    handler: async ({ params }) => service.framePreview(knex, params.id),
  });
  routes.add({
    method: 'post', path: '/campaigns/:id/draw', access: TEAM_ROLES, summary: 'Freeze the frame and draw the pairs (seeded)', params: idParams, body: drawSchema,
    handler: async ({ params, body, viewer }) => service.drawCampaign(knex, viewer, params.id, body.seed),
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/pairs', access: TEAM_ROLES, summary: 'Pairs with attempts, notes and callers (campaign team)', params: idParams, query: pairsQuerySchema,
    handler: async ({ params, query }) => service.listPairs(knex, params.id, query),
  });
  routes.add({
    method: 'post', path: '/campaigns/:id/assignments', access: TEAM_ROLES, summary: 'Assign pairs to a caller (or unassign)', params: idParams, body: assignSchema,
    handler: async ({ params, body, viewer }) => service.assignPairs(knex, viewer, params.id, body),
  });
  routes.add({
    method: 'post', path: '/campaigns/:id/close', access: TEAM_ROLES, summary: 'Close a campaign (read-only from then on)', params: idParams, body: emptyBody,
    handler: async ({ params, viewer }) => service.closeCampaign(knex, viewer, params.id),
  });
  routes.add({
    method: 'post', path: '/campaigns/:id/publish', access: TEAM_ROLES, summary: "Publish a closed campaign's results for anyone", params: idParams, body: emptyBody,
    handler: async ({ params, viewer }) => service.setPublished(knex, viewer, params.id, true),
  });
  routes.add({
    method: 'post', path: '/campaigns/:id/unpublish', access: TEAM_ROLES, summary: 'Withdraw published results', params: idParams, body: emptyBody,
    handler: async ({ params, viewer }) => service.setPublished(knex, viewer, params.id, false),
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/results', access: 'anyone', summary: 'Rates, strata, bootstrap, matrix, per asset, network', params: idParams,
    handler: async ({ params, viewer }, res) => {
      const { body, etag } = await reads.results(viewer, params.id);
      sendVersioned(res, etag, 'application/json', body, 'private, no-cache');
    },
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/comparison', access: 'anyone', summary: 'This campaign against an earlier one (Newcombe, prop.test)', params: idParams, query: comparisonQuerySchema,
    handler: async ({ params, query, viewer }) => {
      const comparison = await results.compareCampaigns(knex, viewer, params.id, query.with);
      // Both are readable (compareCampaigns checked): their designs say whether the rates measure the same thing.
      const after = await campaignForResults(knex, params.id);
      // One check of comparability (comparability.ts); `comparable` says it in words for the page.
      const differences = comparison.comparability.problems.map((p) => ({ field: p.field.split('.')[0], message: p.message }));
      return {
        ...method.markComparison(comparison, after!),
        comparable: { ok: differences.length === 0, differences, warning: differences.length ? `These campaigns differ in design (${differences.map((d) => d.message).join(' ')}) A difference in rates may come from the design, not the system of care.` : null },
      };
    },
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/export/summary.json', access: 'anyone', summary: 'Results with design, rubric and frame, as a file', params: idParams,
    handler: async ({ params, viewer }, res) => download(res, `campaign-${params.id}-summary.json`, 'application/json', JSON.stringify(await reads.summaryExport(viewer, params.id), null, 2)),
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/pathways.geojson', access: 'anyone', summary: 'Pathway lines or their assets as GeoJSON (sensitive ends masked)', params: idParams, query: pathwaysQuerySchema,
    handler: async ({ params, query, viewer }, res) => {
      const { body, etag } = await reads.pathways(viewer, params.id, query.layer);
      sendVersioned(res, etag, 'application/geo+json', body, 'private, no-cache');
    },
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/export/pairs.csv', access: COMMISSIONING_READERS, summary: 'Tidy CSV, one row per pair', params: idParams,
    handler: async ({ params, viewer }, res) => download(res, `campaign-${params.id}-pairs.csv`, 'text/csv; charset=utf-8', await results.pairsCsv(knex, viewer, params.id)),
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/export/attempts.csv', access: COMMISSIONING_READERS, summary: 'Tidy CSV, one row per attempt', params: idParams,
    handler: async ({ params, viewer }, res) => download(res, `campaign-${params.id}-attempts.csv`, 'text/csv; charset=utf-8', await results.attemptsCsv(knex, viewer, params.id)),
  });
  routes.add({
    method: 'get', path: '/campaigns/:id/export/codebook.csv', access: COMMISSIONING_READERS, summary: 'Every column and code of the CSV exports', params: idParams,
    handler: async ({ params, viewer }, res) => download(res, `campaign-${params.id}-codebook.csv`, 'text/csv; charset=utf-8', await results.codebookCsv(knex, viewer, params.id)),
  });
  routes.add({
    method: 'get', path: '/linkage/service-agreements', access: TEAM_ROLES, summary: 'Services that agreed to have their own figures published',
    handler: async () => method.listAgreements(knex),
  });
  routes.add({
    method: 'post', path: '/linkage/service-agreements', access: TEAM_ROLES, summary: "Record (or withdraw) a service's agreement to publication of its own figures", body: agreementSchema,
    handler: async ({ body, viewer }) => method.setAgreement(knex, viewer, body),
  });
  routes.add({
    method: 'post', path: '/campaign-pairs/:id/second-coding', access: CALLER_ROLES, summary: "A second caller's own coding of a double-coded reached pair", params: idParams, body: secondCodingSchema,
    handler: async ({ params, body, viewer }, res) => { res.status(201); return method.secondCode(knex, viewer, params.id, body); },
  });
  routes.add({
    method: 'get', path: '/docs/:name', access: 'anyone', summary: 'The linkage method and ethics documents (Markdown)', params: z.object({ name: z.enum(['linkage-method.md', 'linkage-ethics.md']) }),
    handler: async ({ params }, res) => {
      res.set('Cache-Control', 'public, max-age=300').type('text/markdown; charset=utf-8').send(await fs.promises.readFile(path.join(DOCS_DIR, params.name), 'utf8'));
    },
  });
  routes.add({
    method: 'get', path: '/linkage/callers', access: TEAM_ROLES, summary: 'People who can be assigned pairs',
    handler: async () => service.callers(knex),
  });
  routes.add({
    method: 'get', path: '/linkage/sample-size', access: TEAM_ROLES, summary: 'How many pairs to draw', query: sampleSizeQuerySchema,
    handler: async ({ query }) => planSampleSize({ rate: query.rate, halfWidth: query.halfWidth, unreachableShare: query.unreachable, designEffect: query.designEffect }),
  });
  routes.add({
    method: 'get', path: '/linkage/comparison-size', access: TEAM_ROLES, summary: 'Pairs per campaign to detect a before/after change', query: comparisonSizeQuerySchema,
    handler: async ({ query }) => planChange({ before: query.before, after: query.after, power: query.power, alpha: query.alpha, designEffect: query.designEffect, weightingEffect: query.weightingEffect, unreachableShare: query.unreachable, plannedPairs: query.planned ?? null }),
  });
  routes.add({
    method: 'get', path: '/worklist', access: CALLER_ROLES, summary: "The caller's own assigned pairs (blinded)", query: worklistQuerySchema,
    handler: async ({ query, viewer }) => callerService.worklist(knex, viewer, query.campaignId),
  });
  routes.add({
    method: 'post', path: '/campaign-pairs/:id/attempts', access: CALLER_ROLES, summary: 'Record a contact attempt (and outcome) on your pair', params: idParams, body: attemptSchema,
    handler: async ({ params, body, viewer }, res) => {
      const result = await callerService.recordAttempt(knex, viewer, params.id, body);
      res.status(result.replayed ? 200 : 201);
      return result;
    },
  });

  return { router, registry: routes };
}
