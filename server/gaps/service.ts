import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { gapMeasures, summarise, type AnalysisOptions, type CellMeasures, type DemandCell, type SupplyPoint } from '../access/analyse';
import type { Band } from '../access/measures';
import type { Suggestion } from '../access/suggest';
import { ASSET_CATEGORIES } from '../domain/vocabulary';
import { badRequest } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { runInWorker } from '../workers/tasks';
import { PromiseCache } from './cache';
import { createRegistryMirror } from './registry-mirror';
import { demandCells, type DemandBasis, type GapCell } from './demand';
import { cellProperties, cellValues, cellsGeoJson, csvRows, CSV_COLUMNS, people, share, type CellValues } from './present';
import { createPlaceLookup, placeLabel, type AreaPlace } from './places';
import * as repo from './repo';
import { describeWhatIf } from './what-if-summary';
import { CELL_SIZES } from './schemas';

export type GapParams = {
  cells: 'hex' | 'lsoa';
  cellSize: number;
  areaKind?: 'lsoa11' | 'lsoa21';
  threshold: number;
  bands: Band[];
  gapFraction: number;
  group?: string;
};
export type Hypothetical = { lat: number; lng: number; capacity: number };

/** Finer grids than this are refused (the request would hold the server for too long). */
export const MAX_CELLS = 150_000;
const HEX_AREA_FACTOR = (3 * Math.sqrt(3)) / 2;

type Analysis = { grid: repo.Grid; cells: GapCell[]; basis: DemandBasis; supply: SupplyPoint[]; measures: CellMeasures; versions: { assets: number; reference: number } };

const label = (category: string) => ASSET_CATEGORIES.find((c) => c.code === category)?.label ?? category;

/**
 * The CPU-heavy step, in one place: plain data in and out (structured-cloneable), on a
 * worker thread for a large grid (server/workers/tasks.ts) so the event loop keeps
 * answering. Only the fields the measures read cross (not the cells' names and codes).
 */
const demandOnly = (cells: readonly DemandCell[]): DemandCell[] =>
  cells.map((c) => ({ x: c.x, y: c.y, population: c.population, imdDecile: c.imdDecile, deprivationWeight: c.deprivationWeight, mostDeprivedPopulation: c.mostDeprivedPopulation }));
const measure = (input: Parameters<typeof gapMeasures>[0]): Promise<CellMeasures> => {
  const cells = demandOnly(input.cells);
  return runInWorker('gapMeasures', [{ ...input, cells }], cells.length);
};
/** Greedy site suggestions over the cell centres, on a worker for a large grid as the measures are (straight-line reach). */
const suggest = (cells: readonly DemandCell[], coveredNow: boolean[], threshold: number, k: number): Promise<Suggestion[]> => {
  const demand = demandOnly(cells);
  return runInWorker('suggestSites', [demand, coveredNow, demand, threshold, k], demand.length);
};

/**
 * Coverage gaps, cached per parameters and data version: the grid per reference-data
 * version, the supply per assets version, each analysis per both. An asset write bumps
 * the assets version (a trigger), so the next request recomputes; nothing is invalidated
 * by hand, and every instance agrees because the versions live in the database.
 */
export function createGapService(knex: Knex) {
  const cache = new PromiseCache();
  // Grids (the slow part of a first request) apart from the analyses, so a burst of
  // analyses never evicts one: room for every allowed size, LSOAs too, per area vintage.
  const grids = new PromiseCache((CELL_SIZES.length + 1) * 3);

  async function grid(partnershipId: string, p: GapParams, reference: number): Promise<repo.Grid> {
    return grids.get(`grid|${partnershipId}|${reference}|${p.cells}|${p.cells === 'hex' ? p.cellSize : ''}|${p.areaKind ?? ''}`, async () => {
      const areaKind = p.areaKind ?? (await repo.partnershipAreaKind(knex, partnershipId));
      if (p.cells === 'hex') {
        const estimate = (await repo.partnershipAreaM2(knex, partnershipId, areaKind)) / (HEX_AREA_FACTOR * p.cellSize ** 2);
        if (estimate > MAX_CELLS) throw badRequest('query.cellSize', `would make about ${Math.round(estimate).toLocaleString('en-GB')} cells; the most is ${MAX_CELLS.toLocaleString('en-GB')}, so use larger cells`);
        return repo.hexGrid(knex, partnershipId, areaKind, p.cellSize);
      }
      return repo.areaGrid(knex, partnershipId, areaKind);
    });
  }

  // The records and supply points in memory, brought up to date by what changed (registry-mirror.ts).
  const mirror = createRegistryMirror(knex);
  const supplyRows = (partnershipId: string, assets: number) => cache.get(`supply|${partnershipId}|${assets}`, async () => (await mirror.current(partnershipId)).supply);

  const paramKey = (p: GapParams) => JSON.stringify([p.cells, p.cellSize, p.areaKind, p.threshold, p.bands, p.gapFraction, p.group ?? null]);
  const options = (p: GapParams): AnalysisOptions => ({ threshold: p.threshold, bands: p.bands, gapFraction: p.gapFraction });

  // People per cell, once per grid and group (every category's analysis reads the same).
  const demand = new WeakMap<repo.Grid, Map<string, ReturnType<typeof demandCells>>>();
  const demandOf = (g: repo.Grid, group?: string) => {
    const byGroup = demand.get(g) ?? demand.set(g, new Map()).get(g)!;
    const key = group ?? '';
    return byGroup.get(key) ?? byGroup.set(key, demandCells(g, group)).get(key)!;
  };

  // The measures by what they are computed from (grid, parameters, the category's supply
  // points), not by the assets version: a write that leaves a category's supply as it was
  // (another category's record, a name, a verification date) reuses that category's
  // measures, which are the same numbers. Kept apart, so analyses never evict them.
  const measuresBySupply = new PromiseCache(32);
  const suggestionsBySupply = new PromiseCache(32);
  const supplyDigest = (supply: SupplyPoint[]) => {
    const h = createHash('sha1');
    for (const s of supply) h.update(`${s.x},${s.y},${s.capacity};`);
    return h.digest('hex');
  };
  const contentKeys = new WeakMap<Analysis, string>();

  async function analysis(p: GapParams, category: string): Promise<Analysis> {
    const partnership = await currentPartnership(knex);
    const versions = await repo.dataVersions(knex);
    return cache.get(`analysis|${partnership.id}|${versions.assets}|${versions.reference}|${paramKey(p)}|${category}`, async () => {
      const g = await grid(partnership.id, p, versions.reference);
      const { cells, basis } = demandOf(g, p.group);
      const supply = (await supplyRows(partnership.id, versions.assets))
        .filter((r) => r.category === category && (!p.group || r.whoFor.includes(p.group)))
        .map((r) => ({ x: r.x, y: r.y, capacity: 1 }));
      const contentKey = `${partnership.id}|${versions.reference}|${paramKey(p)}|${supplyDigest(supply)}`;
      const measures = await measuresBySupply.get<CellMeasures>(contentKey, async () => measure({ cells, supply, options: options(p) }));
      const a: Analysis = { grid: g, cells, basis, supply, measures, versions };
      contentKeys.set(a, contentKey);
      return a;
    });
  }

  const placesOf = createPlaceLookup(knex);
  const placesNow = async () => placesOf((await currentPartnership(knex)).id);
  const placeOf = (places: Map<string, AreaPlace>, c: GapCell) => (c.areaCode ? placeLabel(places.get(c.areaCode)) : null) ?? c.areaName;

  function summaryOf(a: Analysis, m: CellMeasures, category: string, supplyPoints: number, places: Map<string, AreaPlace>) {
    const s = summarise(a.cells, m);
    return {
      category,
      label: label(category),
      supplyPoints,
      population: people(s.population),
      populationCovered: people(s.populationCovered),
      populationNotCovered: people(s.populationNotCovered),
      populationInGaps: people(s.populationInGaps),
      mostDeprivedPopulation: people(s.mostDeprivedPopulation),
      mostDeprivedInGaps: people(s.mostDeprivedInGaps),
      mostDeprivedShareInGaps: share(s.mostDeprivedShareInGaps),
      gapCells: s.gapCells,
      meanE2sfca: Number(s.meanE2sfca.toPrecision(6)),
      worstGaps: s.worstGaps.map((i) => ({
        cellId: a.cells[i].id, place: placeOf(places, a.cells[i]), areaCode: a.cells[i].areaCode, areaName: a.cells[i].areaName, lng: a.grid.cells[i].lng, lat: a.grid.cells[i].lat,
        population: people(a.cells[i].population), imdDecile: a.cells[i].imdDecile, ...cellValues(m, i),
      })),
    };
  }

  const meta = (p: GapParams, a: Analysis) => ({
    dataVersion: `${a.versions.assets}.${a.versions.reference}`, demand: a.basis, cellCount: a.cells.length,
    areasWithoutPostcodes: a.grid.areasWithoutPostcodes, params: p,
  });

  async function hypotheticalSupply(points: Hypothetical[]): Promise<SupplyPoint[]> {
    const grid = await repo.toBritishGrid(knex, points);
    return grid.map((g, i) => ({ ...g, capacity: points[i].capacity }));
  }

  return {
    cacheSize: () => cache.size + grids.size + measuresBySupply.size + suggestionsBySupply.size,

    /** The partnership's records and published supply as of now (kept in memory, see registry-mirror.ts). */
    registry: (partnershipId: string) => mirror.current(partnershipId),
    registryReads: () => mirror.counts(),

    /** The partnership's small areas with their towns and localities (kept per reference-data version). */
    places: placesNow,

    async cellsGeoJson(p: GapParams, category: string): Promise<string> {
      const a = await analysis(p, category);
      return cellsGeoJson(a.grid.cells, a.cells, a.measures, category);
    },

    /** The cells one by one (geometry as GeoJSON text, WGS84), for callers that page or filter them (OGC API Features); `only`: just that cell. */
    async cellFeatures(p: GapParams, category: string, only?: string): Promise<{ id: string; geometry: string; properties: ReturnType<typeof cellProperties> }[]> {
      const a = await analysis(p, category);
      const feature = (i: number) => ({ id: a.cells[i].id, geometry: a.grid.cells[i].geometry, properties: cellProperties(a.cells, a.measures, category, i) });
      if (only !== undefined) {
        const i = a.cells.findIndex((c) => c.id === only);
        return i < 0 ? [] : [feature(i)];
      }
      return a.cells.map((_, i) => feature(i));
    },

    async cellsCsv(p: GapParams, categories: string[]): Promise<string> {
      const lines: string[] = [CSV_COLUMNS.join(',')];
      for (const category of categories) {
        const a = await analysis(p, category);
        lines.push(...csvRows(a.cells, a.measures, category));
      }
      return lines.join('\r\n') + '\r\n';
    },

    async summary(p: GapParams, categories: string[]) {
      const results = [];
      let first: Analysis | undefined;
      const places = await placesNow();
      for (const category of categories) {
        const a = await analysis(p, category);
        first ??= a;
        results.push(summaryOf(a, a.measures, category, a.supply.length, places));
      }
      return { ...meta(p, first!), categories: results };
    },

    /** Before and after adding hypothetical assets (never stored): summaries, their difference, and every changed cell. */
    async whatIf(p: GapParams, category: string, hypothetical: Hypothetical[]) {
      const a = await analysis(p, category);
      const added = await hypotheticalSupply(hypothetical);
      const after = await measure({ cells: a.cells, supply: [...a.supply, ...added], options: options(p) });
      const places = await placesNow();
      const before = summaryOf(a, a.measures, category, a.supply.length, places);
      const afterSummary = summaryOf(a, after, category, a.supply.length + added.length, places);
      const keys = ['populationCovered', 'populationNotCovered', 'populationInGaps', 'mostDeprivedInGaps', 'gapCells'] as const;
      const difference = Object.fromEntries(keys.map((k) => [k, people(afterSummary[k] - before[k])]));
      const cells: { id: number; cellId: string; before: CellValues; after: CellValues }[] = [];
      a.cells.forEach((c, i) => {
        const b = cellValues(a.measures, i);
        const n = cellValues(after, i);
        if (JSON.stringify(b) !== JSON.stringify(n)) cells.push({ id: i, cellId: c.id, before: b, after: n });
      });
      const summary = describeWhatIf(before, afterSummary, { threshold: p.threshold, gapFraction: p.gapFraction, categoryLabel: label(category), sites: added.length });
      return { ...meta(p, a), category, hypothetical: added.map((g, i) => ({ ...hypothetical[i], ...g })), before, after: afterSummary, difference, summary, cells };
    },

    /**
     * Each cell's people and gap flags for a category, with its place (for the dashboard,
     * which aggregates them by town and deprivation decile). The arrays are the cached
     * analysis's own: read them, never change them. `contentKey` names what they were
     * computed from (grid, parameters, supply points): equal keys, equal figures.
     */
    async cellGaps(p: GapParams, category: string) {
      const a = await analysis(p, category);
      return { contentKey: contentKeys.get(a)!, cells: a.cells, grid: a.grid.cells, gap: a.measures.gap, covered: a.measures.countWithin.map((n) => n > 0), gapScore: a.measures.gapScore, supplyPoints: a.supply.length, dataVersion: `${a.versions.assets}.${a.versions.reference}`, places: await placesNow() };
    },

    /**
     * Before and after taking existing supply points away (each listed point removes one
     * at the same public point): what losing a service, or not backing it, would change.
     */
    async without(p: GapParams, category: string, remove: { x: number; y: number }[]) {
      const a = await analysis(p, category);
      const left = [...a.supply];
      for (const r of remove) {
        const i = left.findIndex((s) => s.x === r.x && s.y === r.y);
        if (i >= 0) left.splice(i, 1);
      }
      const after = await measure({ cells: a.cells, supply: left, options: options(p) });
      const places = await placesNow();
      const before = summaryOf(a, a.measures, category, a.supply.length, places);
      const afterSummary = summaryOf(a, after, category, left.length, places);
      const keys = ['populationCovered', 'populationNotCovered', 'populationInGaps', 'mostDeprivedInGaps', 'gapCells'] as const;
      const difference = Object.fromEntries(keys.map((k) => [k, people(afterSummary[k] - before[k])]));
      return { ...meta(p, a), category, removed: a.supply.length - left.length, before, after: afterSummary, difference };
    },

    /** K new sites for a category by greedy maximal coverage over the cell centres. */
    async suggestions(p: GapParams, category: string, k: number) {
      const a = await analysis(p, category);
      // Kept by the analysis's inputs, as its measures: the greedy search reads every cell's reach.
      const picks = await suggestionsBySupply.get<Suggestion[]>(`${contentKeys.get(a)}|${k}`, () => suggest(a.cells, a.measures.countWithin.map((n) => n > 0), p.threshold, k));
      const places = await placesNow();
      const fmt = (v: number) => Math.round(v).toLocaleString('en-GB');
      return {
        ...meta(p, a),
        category,
        suggestions: picks.map((s, rank) => {
          const c = a.cells[s.candidate];
          const g = a.grid.cells[s.candidate];
          const share = s.population > 0 ? Math.round((100 * s.mostDeprivedPopulation) / s.population) : 0;
          const place = placeOf(places, c);
          return {
            rank: rank + 1, cellId: c.id, place, areaCode: c.areaCode, areaName: c.areaName, x: c.x, y: c.y, lng: g.lng, lat: g.lat,
            newlyCoveredCells: s.newlyCovered.length, population: people(s.population), weightedPopulation: people(s.weightedPopulation),
            mostDeprivedPopulation: people(s.mostDeprivedPopulation), meanImdDecile: s.meanImdDecile === null ? null : Math.round(s.meanImdDecile * 10) / 10,
            explanation: `A ${label(category).toLowerCase()} site near ${place ?? 'the middle of this cell'} would bring ${fmt(s.population)} people within ${fmt(p.threshold)} m who have none today` +
              `; ${fmt(s.mostDeprivedPopulation)} of them (${share}%) live in England's most deprived tenth of areas` +
              (s.meanImdDecile === null ? '.' : ` and their average IMD decile is ${(Math.round(s.meanImdDecile * 10) / 10).toFixed(1)}.`),
          };
        }),
      };
    },
  };
}

export type GapService = ReturnType<typeof createGapService>;

const shared = new WeakMap<Knex, GapService>();
/** One gap service per database for the app's routes: the gap layer, the dashboard and the report share its grids, measures and suggestions. */
export function sharedGapService(knex: Knex): GapService {
  return shared.get(knex) ?? shared.set(knex, createGapService(knex)).get(knex)!;
}
export const ALL_CATEGORIES = ASSET_CATEGORIES.map((c) => c.code);
