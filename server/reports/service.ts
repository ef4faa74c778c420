import type { Knex } from 'knex';
import { VersionedCache } from '../cache/read-cache';
import { readDataVersion } from '../cache/repo';
import { ASSET_CATEGORIES } from '../domain/vocabulary';
import { PromiseCache } from '../gaps/cache';
import type { GapService } from '../gaps/service';
import { pathwaysOf } from '../linkage/results-service';
import { campaignForResults } from '../linkage/results-repo';
import type { PathwayCollection } from '../linkage/types';
import { currentPartnership } from '../partnerships/repo';
import { partnershipGeography } from '../reference/repo';
import { closedCampaigns } from '../dashboard/repo';
import { defaultGapParams } from '../dashboard/service';
import { CATEGORY_COLOURS, GAP_COLOURS, OUTCOME_COLOURS, mapSvg, type Bounds, type MapSpec } from './maps';
import { publishedPublicPoints } from './repo';

/**
 * The report's three static maps, as SVG. Points come only from public points: the
 * registry's geom_public, the gap cells' own centres, and the pathway layer at 'masked'
 * access (sensitive ends at their masking-cell centres) whoever asks.
 */
const label = (code: string) => ASSET_CATEGORIES.find((c) => c.code === code)?.label ?? code;

export function createReportMaps(knex: Knex, gaps: GapService) {
  // Each image per data version (every commit to records, sites or the partnership and its
  // outline moves it: server/cache/): a report printed again, or by a second reader, draws
  // nothing twice. The gap images by their analysis's inputs alone (cellGaps' contentKey:
  // grid and outline by reference-data version, parameters, the category's supply points),
  // so a write that leaves a category's supply as it was redraws nothing (England: 138,000 cells).
  const images = new VersionedCache<string>(16, 10 * 60_000);
  const gapImages = new PromiseCache(16);
  async function frame(): Promise<{ partnershipId: string; bounds: Bounds; outline: MapSpec['outline'] } | null> {
    const partnership = await currentPartnership(knex);
    const g = await partnershipGeography(knex, partnership.id);
    if (!g || g.minLng === null || g.minLat === null || g.maxLng === null || g.maxLat === null) return null;
    return { partnershipId: partnership.id, bounds: { minLng: g.minLng, minLat: g.minLat, maxLng: g.maxLng, maxLat: g.maxLat }, outline: g.boundary?.coordinates ?? [] };
  }
  const empty = (title: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 60" role="img" aria-label="${title}"><title>${title}</title><text x="0" y="30" font-size="16">No partnership area to draw.</text></svg>`;

  return {
    async registry(): Promise<string> {
      return images.get('registry', await readDataVersion(knex), () => this.registryNow());
    },
    async registryNow(): Promise<string> {
      const f = await frame();
      if (!f) return empty('The registry by category');
      const points = await publishedPublicPoints(knex, f.partnershipId);
      const present = ASSET_CATEGORIES.map((c, i) => ({ code: c.code as string, colour: CATEGORY_COLOURS[i] })).filter((c) => points.some((p) => p.category === c.code));
      const colourOf = new Map(present.map((c) => [c.code, c.colour]));
      return mapSvg({
        title: 'The registry by category', bounds: f.bounds, outline: f.outline,
        points: points.map((p) => ({ lng: p.lng, lat: p.lat, colour: colourOf.get(p.category)! })),
        legend: present.map((c) => ({ colour: c.colour, label: `${label(c.code)} (${points.filter((p) => p.category === c.code).length})` })),
        note: 'Published records. Confidential places are drawn at the centre of their masking cell, never where they are.',
      });
    },

    async gaps(category: string): Promise<string> {
      const g = await gaps.cellGaps(defaultGapParams(), category);
      return gapImages.get<string>(`gaps|${category}|${g.contentKey}`, () => this.gapsOf(category, g));
    },
    async gapsOf(category: string, g: Awaited<ReturnType<GapService['cellGaps']>>): Promise<string> {
      const f = await frame();
      if (!f) return empty(`Gaps: ${label(category)}`);
      const params = defaultGapParams();
      const colour = (i: number) => (g.gap[i] ? GAP_COLOURS.gap : g.covered[i] ? GAP_COLOURS.covered : GAP_COLOURS.uncovered);
      return mapSvg({
        title: `Gaps: ${label(category)}`, bounds: f.bounds, outline: f.outline, cellMetres: params.cellSize * Math.sqrt(3),
        cells: g.grid.map((c, i) => ({ lng: c.lng, lat: c.lat, colour: colour(i) })),
        legend: [
          { colour: GAP_COLOURS.gap, label: 'A gap (people far from any, weighted by need)' },
          { colour: GAP_COLOURS.uncovered, label: `None within ${params.threshold.toLocaleString('en-GB')} m (straight line)` },
          { colour: GAP_COLOURS.covered, label: `At least one within ${params.threshold.toLocaleString('en-GB')} m` },
        ],
        note: `${label(category)}: ${g.supplyPoints} published places; hexagons of ${params.cellSize} m; residential population.`,
      });
    },

    async pathways(): Promise<string> {
      const f = await frame();
      const latest = (await closedCampaigns(knex))[0];
      if (!f) return empty('Pathways tested');
      if (!latest) return mapSvg({ title: 'Pathways tested', bounds: f.bounds, outline: f.outline, legend: [], note: 'No closed linkage campaign yet.' });
      const layer = (await pathwaysOf(knex, (await campaignForResults(knex, latest.id))!, 'masked', 'lines')) as PathwayCollection;
      const kind = (s: string, o: number | null) => (s === 'open' ? 'open' : s === 'reached' && (o ?? 0) >= 2 ? 'working' : 'broken');
      return mapSvg({
        title: `Pathways tested: ${latest.name}`, bounds: f.bounds, outline: f.outline,
        lines: layer.features.map((ft) => ({ from: ft.geometry.coordinates[0], to: ft.geometry.coordinates[1], colour: OUTCOME_COLOURS[kind(ft.properties.status, ft.properties.outcome)] })),
        legend: [
          { colour: OUTCOME_COLOURS.working, label: 'Could say how to reach the other service' },
          { colour: OUTCOME_COLOURS.broken, label: 'Could not, or could not be reached' },
          { colour: OUTCOME_COLOURS.open, label: 'Not finished' },
        ],
        note: `${layer.features.length} pairs from "${latest.name}"; confidential places at their masking-cell centres.`,
      });
    },
  };
}
