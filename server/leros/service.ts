import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { ASSET_CATEGORIES } from '../domain/vocabulary';
import { GAP_READERS, summaryQuerySchema } from '../gaps/schemas';
import type { GapParams, GapService } from '../gaps/service';
import { notFound } from '../http/errors';
import { toCsv } from '../interop/files/csv';
import { isTeam } from '../linkage/view';
import { currentPartnership } from '../partnerships/repo';
import { wilson } from '../stats/proportion';
import { localAuthorityName } from './local-authorities';
import { filterLeros, registerFigures, sortLeros, type LeroRecord } from './register';
import * as repo from './repo';
import type { RegisterQuery } from './schemas';

const accessOf = (viewer: Viewer): repo.LocationAccess => (isPrivileged(viewer) ? 'exact' : 'masked');

async function records(knex: Knex, viewer: Viewer, id?: string): Promise<LeroRecord[]> {
  const partnership = await currentPartnership(knex);
  const rows = await repo.leroRows(knex, partnership.id, id);
  const ids = rows.map((r) => r.id);
  const [services, places] = await Promise.all([repo.servicesOf(knex, ids), repo.placesOf(knex, ids, accessOf(viewer))]);
  return rows.map(({ status: _s, archivedAt: _a, ...r }) => ({ ...r, services: services.get(r.id) ?? [], places: places.get(r.id) ?? [] }));
}

const withNames = (r: LeroRecord) => ({ ...r, localAuthorities: r.localAuthoritiesServed.map((code) => ({ code, name: localAuthorityName(code) })) });

/** The register: partnership figures over every published LERO, then the filtered, sorted list. */
export async function register(knex: Knex, viewer: Viewer, q: RegisterQuery) {
  const partnership = await currentPartnership(knex);
  const all = await records(knex, viewer);
  const shown = sortLeros(filterLeros(all, q, new Date()), q.sort);
  return { figures: registerFigures(all, partnership.laCodes), total: all.length, items: shown.map(withNames) };
}

export const CSV_COLUMNS = ['id', 'name', 'stage', 'clero_member', 'local_authorities', 'funding', 'services', 'places', 'own_place', 'last_verified', 'website'];

export async function registerCsv(knex: Knex, viewer: Viewer, q: RegisterQuery): Promise<string> {
  const { items } = await register(knex, viewer, q);
  return toCsv(CSV_COLUMNS, items.map((r) => ({
    id: r.id, name: r.name, stage: r.leroStage, clero_member: r.cleroMember === null ? '' : r.cleroMember ? 'yes' : 'no',
    local_authorities: r.localAuthorities.map((la) => la.name), funding: r.commissioningRoute, services: r.services.map((s) => s.name),
    places: r.places.length, own_place: r.places.some((p) => p.ownPlace) ? 'yes' : 'no',
    last_verified: r.lastVerifiedAt ? new Date(r.lastVerifiedAt).toISOString().slice(0, 10) : '', website: r.website,
  })));
}

/** One Point feature per (LERO, place), at the point this viewer may see. LEROs with no place have no feature. */
export async function registerGeoJson(knex: Knex, viewer: Viewer, q: RegisterQuery) {
  const { items } = await register(knex, viewer, q);
  return {
    type: 'FeatureCollection' as const,
    features: items.flatMap((r) => r.places.map((p) => ({
      type: 'Feature' as const,
      id: `${r.id}/${p.id}`,
      geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
      properties: {
        leroId: r.id, name: r.name, stage: r.leroStage, cleroMember: r.cleroMember, funding: r.commissioningRoute,
        localAuthorities: r.localAuthorities.map((la) => la.name), services: r.services.length,
        venueName: p.venueName, postcode: p.postcode, locationPrecision: p.locationPrecision, sensitive: p.sensitive, ownPlace: p.ownPlace,
        lastVerifiedAt: r.lastVerifiedAt ? new Date(r.lastVerifiedAt).toISOString() : null,
      },
    }))),
  };
}

async function visibleLero(knex: Knex, viewer: Viewer, id: string): Promise<LeroRecord> {
  const partnership = await currentPartnership(knex);
  const [row] = await repo.leroRows(knex, partnership.id, id);
  // Unpublished or archived LEROs are "not found" to those who may not review them.
  if (!row || (!isPrivileged(viewer) && (row.status !== 'published' || row.archivedAt))) throw notFound('LERO');
  return (await records(knex, viewer, id))[0];
}

/** The gap analysis's default parameters (as GET /api/gaps/summary with none given). */
function defaultGapParams(): GapParams {
  const d = summaryQuerySchema.parse({});
  return { cells: d.cells, cellSize: d.cellSize, threshold: d.threshold, gapFraction: d.gapFraction, bands: d.bands.map((upTo, i) => ({ upTo, weight: d.weights[i] })) };
}

/**
 * A LERO's page: the record, how often others knew its services in linkage tests, and for
 * those who read gap maps, what its places cover — per category it runs, the coverage
 * with and without it, so a board can see what backing it changes.
 */
export async function leroPage(knex: Knex, gaps: GapService, viewer: Viewer, id: string) {
  const lero = await visibleLero(knex, viewer, id);
  const closedToo = isTeam(viewer) || viewer.user?.role === 'commissioner';
  const campaigns = (await repo.knownBy(knex, id, closedToo)).map((c) => ({ ...c, knew: wilson(c.knew, c.reached) }));
  const pooled = campaigns.reduce((t, c) => ({ x: t.x + c.knew.x, n: t.n + c.knew.n }), { x: 0, n: 0 });
  let coverage = null;
  if (viewer.user && GAP_READERS.includes(viewer.user.role)) {
    const points = await repo.supplyPointsOf(knex, id);
    const params = defaultGapParams();
    const categories = [...new Set(points.map((p) => p.category))].sort();
    const rows = [];
    for (const category of categories) {
      const w = await gaps.without(params, category, points.filter((p) => p.category === category));
      rows.push({
        category, label: ASSET_CATEGORIES.find((c) => c.code === category)?.label ?? category, places: w.removed,
        populationCovered: w.before.populationCovered, populationCoveredWithout: w.after.populationCovered,
        onlyReachedByIt: -w.difference.populationCovered, mostDeprivedIntoGaps: w.difference.mostDeprivedInGaps,
        gapCellsWithout: w.after.gapCells, gapCellsNow: w.before.gapCells,
      });
    }
    coverage = { threshold: params.threshold, cellSize: params.cellSize, categories: rows };
  }
  return { ...withNames(lero), linkage: { campaigns, pooled: wilson(pooled.x, pooled.n) }, coverage };
}

export async function verifyLero(knex: Knex, viewer: Viewer, id: string) {
  await writeTransaction(knex, actorOf(viewer), async (trx) => {
    const partnership = await currentPartnership(trx);
    const [row] = await repo.leroRows(trx, partnership.id, id);
    if (!row) throw notFound('LERO');
    await repo.markVerified(trx, id, actorOf(viewer));
  });
  return withNames((await records(knex, viewer, id))[0]);
}
