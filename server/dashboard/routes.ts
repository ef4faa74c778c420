import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf } from '../audit/transaction';
import type { Config } from '../config';
import { sharedGapService } from '../gaps/service';
import { DASHBOARD_READERS, SNAPSHOT_TAKERS, dashboardQuerySchema } from './schemas';
import { gapReadLimits } from '../http/expensive-reads';
import { uuidParam } from '../http/params';
import { RouteRegistry } from '../http/route';
import { createDashboardService, DEFAULT_FOCUS, placeFilterOf } from './service';
import { createSnapshotService } from './snapshots';
import { inBackground } from '../jobs/service';
import { reportRoutes } from '../reports/routes';

const trendQuerySchema = z.object({ from: uuidParam, to: uuidParam }).strict();
const idParams = z.object({ id: uuidParam });
const emptyBody = z.object({}).strict();

const DAY_MS = 86_400_000;

export function dashboardRoutes(knex: Knex, config: Pick<Config, 'expensiveReads' | 'env' | 'snapshotOnClose'>) {
  const router = Router();
  // A first dashboard computes every category's gaps: the gap reads' budget per account.
  const limits = gapReadLimits(config.expensiveReads);
  if (limits.length) router.use('/dashboard', ...limits);
  const routes = new RouteRegistry(router);
  const gaps = sharedGapService(knex);
  const dashboards = createDashboardService(knex, gaps);
  const snapshots = createSnapshotService(knex, dashboards);

  // A snapshot when a linkage campaign closes: after the close has answered (a snapshot
  // never delays or fails a close), from the figures the close has just settled.
  if (config.snapshotOnClose) router.post('/campaigns/:id/close', (req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode !== 200) return;
      const id = String(req.params.id);
      inBackground(`the dashboard snapshot after closing campaign ${id}`, () => snapshots.take('campaign_closed', null, id));
    });
    next();
  });

  // The monthly snapshot: checked an hour after start and then daily (not under test).
  if (config.env !== 'test') {
    const check = () => snapshots.monthlyIfDue().catch((err) => console.error('monthly dashboard snapshot failed:', err));
    setTimeout(check, 60 * 60_000).unref();
    setInterval(check, DAY_MS).unref();
  }

  routes.add({
    method: 'get', path: '/dashboard', access: DASHBOARD_READERS, summary: 'The partnership dashboard: what exists, how well connected, where the gaps are', query: dashboardQuerySchema,
    handler: async ({ query }, res) => {
      res.set('Cache-Control', 'private, no-store');
      const now = new Date();
      return dashboards.dashboard({ place: await placeFilterOf(gaps, query), since: query.since ? new Date(query.since) : new Date(now.getTime() - 91 * DAY_MS), focus: query.focus ?? [...DEFAULT_FOCUS], now });
    },
  });
  routes.add({
    method: 'get', path: '/dashboard/snapshots', access: DASHBOARD_READERS, summary: 'Dated dashboard snapshots, newest first',
    handler: async () => snapshots.list(),
  });
  routes.add({
    method: 'post', path: '/dashboard/snapshots', access: [...SNAPSHOT_TAKERS], summary: 'Take a dashboard snapshot now (kept, never rewritten)', body: emptyBody,
    handler: async ({ viewer }, res) => { res.status(201); return snapshots.take('on_demand', actorOf(viewer)); },
  });
  routes.add({
    method: 'get', path: '/dashboard/snapshots/:id', access: DASHBOARD_READERS, summary: "One snapshot's figures", params: idParams,
    handler: async ({ params }) => snapshots.get(params.id),
  });
  routes.add({
    method: 'get', path: '/dashboard/trend', access: DASHBOARD_READERS, summary: 'Two snapshots compared, figure by figure', query: trendQuerySchema,
    handler: async ({ query }) => snapshots.trend(query.from, query.to),
  });

  return { router, registry: routes, gaps, dashboards };
}

/** The dashboard and the report share one gap service (one cache of grids and analyses). */
export function boardRoutes(knex: Knex, config: Pick<Config, 'expensiveReads' | 'env' | 'chromiumPath' | 'clientDir' | 'snapshotOnClose'>) {
  const dashboard = dashboardRoutes(knex, config);
  return [dashboard, reportRoutes(knex, config, dashboard.gaps)];
}
