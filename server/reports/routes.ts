import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/middleware';
import type { Config } from '../config';
import { categoryCodes } from '../domain/vocabulary';
import type { GapService } from '../gaps/service';
import { RouteRegistry } from '../http/route';
import { httpError } from '../http/errors';
import { DASHBOARD_READERS, dashboardQuerySchema } from '../dashboard/schemas';
import { placeFilterOf } from '../dashboard/service';
import { closePdfBrowserWith, NoChromium, NoPrintablePage, renderPdf } from './pdf';
import { createReportMaps } from './service';

/** The CQS evidence report: its static maps (SVG) and its PDF, printed on the server. */
const svgHeaders = { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'private, no-store' };
const gapMapQuery = z.object({ category: z.enum(categoryCodes) }).strict();
const emptyQuery = z.object({}).strict();

/** The session cookie as the browser sent it, for the server's Chromium to send again. */
function sessionCookie(req: Request): { name: string; value: string } | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return { name: SESSION_COOKIE, value: part.slice(eq + 1).trim() };
  }
  return null;
}

/** Where this server answered the request: the server's own Chromium asks there. */
function ownOrigin(req: Request): string {
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

export function reportRoutes(knex: Knex, config: Pick<Config, 'chromiumPath' | 'clientDir'>, gaps: GapService) {
  const router = Router();
  const routes = new RouteRegistry(router);
  const maps = createReportMaps(knex, gaps);
  closePdfBrowserWith(knex);

  routes.add({
    method: 'get', path: '/reports/maps/registry.svg', access: DASHBOARD_READERS, summary: 'Map image: published records by category (public points)', query: emptyQuery,
    handler: async (_i, res) => { res.set(svgHeaders).send(await maps.registry()); },
  });
  routes.add({
    method: 'get', path: '/reports/maps/gaps.svg', access: DASHBOARD_READERS, summary: 'Map image: gap cells for one category', query: gapMapQuery,
    handler: async ({ query }, res) => { res.set(svgHeaders).send(await maps.gaps(query.category)); },
  });
  routes.add({
    method: 'get', path: '/reports/maps/pathways.svg', access: DASHBOARD_READERS, summary: 'Map image: pathways of the latest closed campaign (masked ends)', query: emptyQuery,
    handler: async (_i, res) => { res.set(svgHeaders).send(await maps.pathways()); },
  });
  routes.add({
    method: 'get', path: '/reports/cqs.pdf', access: DASHBOARD_READERS, summary: 'The CQS evidence report as a PDF (printed by the server’s Chromium)', query: dashboardQuerySchema,
    handler: async ({ req, query }, res) => {
      // An unknown town or locality is the caller's mistake (400), not the printer's.
      await placeFilterOf(gaps, query);
      const search = new URLSearchParams(Object.entries(req.query as Record<string, string>)).toString();
      const printable = `/report.html${search ? `?${search}` : ''}`;
      try {
        const forPdf = `/report.html?${new URLSearchParams({ ...(req.query as Record<string, string>), pdf: '1' }).toString()}`;
        const pdf = await renderPdf({ chromiumPath: config.chromiumPath, clientDir: config.clientDir, origin: ownOrigin(req), cookie: sessionCookie(req), path: forPdf });
        res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="waymark-cqs-evidence.pdf"', 'Cache-Control': 'private, no-store' }).send(pdf);
      } catch (err) {
        if (!(err instanceof NoChromium || err instanceof NoPrintablePage)) throw err;
        const why = err instanceof NoChromium ? 'No Chromium is installed on this server, so it cannot make the PDF.' : 'The printable report page is not built on this server, so it cannot make the PDF.';
        throw httpError('pdf_unavailable', `${why} Open the printable report and use your browser’s Print → Save as PDF.`, undefined, { 'Cache-Control': 'no-store' }, { printable });
      }
    },
  });

  return { router, registry: routes };
}
