import type { Knex } from 'knex';
import { z } from 'zod';
import { ASSET_CATEGORIES } from '../domain/vocabulary';
import { badRequest } from '../http/errors';
import { VersionedCache } from '../cache/read-cache';
import { readDataVersion } from '../cache/repo';
import { PromiseCache } from '../gaps/cache';
import { dataVersions } from '../gaps/repo';
import { placeLabel, type AreaPlace } from '../gaps/places';
import { gapParamsShape } from '../gaps/schemas';
import type { GapParams, GapService } from '../gaps/service';
import { pairsForResults } from '../linkage/pair-repo';
import { compareRates, ratesOfPairs } from '../linkage/results';
import { campaignForResults } from '../linkage/results-repo';
import { resultsOf } from '../linkage/results-service';
import { currentPartnership } from '../partnerships/repo';
import { changeSentence, connectionSentence, treatmentPathways, verdictOf, weakestPairs } from './connected';
import { categoryCounts, changeSince, coLocatedSites, freshness, leros, type AssetFact } from './exists';
import { gapFigures, worstGapCells } from './gaps';
import { participationSummary } from './participation';
import * as repo from './repo';

/**
 * The partnership dashboard: the guidance's three questions (what exists, how well it is
 * connected, where the gaps are), each figure with its date, source and the page that
 * explains it. Linkage figures come from the linkage results service and gap figures from
 * the gap service's cells; this module only gathers, filters by place and words them.
 */
export const CATEGORIES = ASSET_CATEGORIES.map((c) => c.code);
export const DEFAULT_FOCUS = ['treatment', 'mutual_aid'] as const;
const label = (code: string) => ASSET_CATEGORIES.find((c) => c.code === code)?.label ?? code;

export type PlaceFilter = { kind: 'town' | 'locality'; name: string } | { kind: 'ward'; name: string; code: string } | null;
export type DashboardOptions = { place: PlaceFilter; since: Date; focus: string[]; now: Date };
export type Provenance = { asOf: string; source: string; link: string };

/** The gap layer's own defaults (hexagons of 500 m, 1.6 km straight line): the dashboard shows what the map shows. */
export function defaultGapParams(): GapParams {
  const p = z.object(gapParamsShape).parse({});
  return { cells: p.cells, cellSize: p.cellSize, threshold: p.threshold, gapFraction: p.gapFraction, bands: p.bands.map((upTo, i) => ({ upTo, weight: p.weights[i] })) };
}

/**
 * Towns (nearest populated place), localities (the LSOA names' authority part) and wards
 * (imported; by code, as two wards may share a name) with their LSOAs.
 */
export function placeIndex(places: Map<string, AreaPlace>) {
  const towns = new Map<string, string[]>();
  const localities = new Map<string, string[]>();
  const wards = new Map<string, { name: string; codes: string[] }>();
  for (const p of places.values()) {
    if (p.town) (towns.get(p.town) ?? towns.set(p.town, []).get(p.town)!).push(p.code);
    (localities.get(p.locality) ?? localities.set(p.locality, []).get(p.locality)!).push(p.code);
    if (p.ward) (wards.get(p.ward.code) ?? wards.set(p.ward.code, { name: p.ward.name, codes: [] }).get(p.ward.code)!).codes.push(p.code);
  }
  const list = (kind: 'town' | 'locality', m: Map<string, string[]>) => [...m].map(([name, codes]) => ({ kind, name, areas: codes.length })).sort((a, b) => a.name.localeCompare(b.name));
  const wardList = [...wards].map(([code, w]) => ({ kind: 'ward' as const, name: w.name, code, areas: w.codes.length })).sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
  return {
    options: [...list('town', towns), ...list('locality', localities), ...wardList],
    codesOf: (f: NonNullable<PlaceFilter>) => new Set(f.kind === 'ward' ? (wards.get(f.code)?.codes ?? []) : ((f.kind === 'town' ? towns : localities).get(f.name) ?? [])),
    /** Wards holding LSOAs of the partnership whose code, or else name, is the one given. */
    wardsNamed: (nameOrCode: string) => (wards.has(nameOrCode) ? wardList.filter((w) => w.code === nameOrCode) : wardList.filter((w) => w.name === nameOrCode)),
  };
}

const indexes = new WeakMap<Map<string, AreaPlace>, ReturnType<typeof placeIndex>>();
/** placeIndex, once per places lookup (the gap service keeps one per reference-data version). */
export function indexOf(places: Map<string, AreaPlace>) {
  return indexes.get(places) ?? indexes.set(places, placeIndex(places)).get(places)!;
}

/** The place a query names, or a 400 naming the field when the partnership has no such town, locality or ward. */
export async function placeFilterOf(gaps: GapService, query: { town?: string; locality?: string; ward?: string }): Promise<PlaceFilter> {
  if (!query.town && !query.locality && !query.ward) return null;
  const index = indexOf(await gaps.places());
  if (query.ward) {
    const found = index.wardsNamed(query.ward);
    if (found.length === 0) throw badRequest('query.ward', 'no ward of that name or code holds an area of this partnership');
    if (found.length > 1) throw badRequest('query.ward', `${found.length} wards have that name; give its code (${found.map((w) => w.code).join(', ')})`);
    return { kind: 'ward', name: found[0].name, code: found[0].code };
  }
  const place: PlaceFilter = query.town ? { kind: 'town', name: query.town } : { kind: 'locality', name: query.locality! };
  if (index.codesOf(place).size === 0) throw badRequest(`query.${place.kind}`, `no ${place.kind} of that name in this partnership`);
  return place;
}

export function createDashboardService(knex: Knex, gaps: GapService) {
  async function connected(place: PlaceFilter, assetsInPlace: Set<string>) {
    const asOf = new Date().toISOString();
    const campaigns = await repo.closedCampaigns(knex);
    const latest = campaigns[0];
    const treatment = (await repo.publishedTreatment(knex, (await currentPartnership(knex)).id)).filter((t) => !place || assetsInPlace.has(t.id));
    if (!latest) {
      return { campaign: null, sentence: null, headline: null, change: null, weakestPairs: [], pathways: treatmentPathways(treatment, []), provenance: { asOf, source: 'No closed linkage campaign yet', link: '/campaigns.html' } };
    }
    const results = await resultsOf(knex, (await campaignForResults(knex, latest.id))!);
    const pairs = await pairsForResults(knex, latest.id);
    const previous = campaigns.find((c) => c.id !== latest.id && c.approach === latest.approach && c.closedAt < latest.closedAt);
    let change = null;
    if (previous) {
      const row = compareRates(ratesOfPairs(await pairsForResults(knex, previous.id)), ratesOfPairs(pairs)).find((r) => r.metric === 'information_closed')!;
      change = { previous: { id: previous.id, name: previous.name, closedAt: previous.closedAt.toISOString() }, before: row.before, after: row.after, difference: row.difference, verdict: verdictOf(row.difference), sentence: changeSentence(previous.name, row.difference) };
    }
    const headline = results.rates.amongClosed.information;
    return {
      campaign: { id: latest.id, name: latest.name, closedAt: latest.closedAt.toISOString(), pairs: results.counts.pairs, closed: results.counts.closed },
      headline,
      sentence: connectionSentence(headline),
      change,
      weakestPairs: weakestPairs(results.matrix).map((w) => ({ ...w, fromLabel: label(w.from), toLabel: label(w.to) })),
      pathways: treatmentPathways(treatment, pairs),
      provenance: { asOf: latest.closedAt.toISOString(), source: `Linkage campaign "${latest.name}" (${results.counts.closed} closed calls)`, link: `/results.html?id=${latest.id}` },
    };
  }

  // The gap section's figures by what they are computed from (every category's analysis
  // inputs, the place, the focus): sums over every cell of every category, and the
  // greedy suggestions, are done once per change of the data, not once per read.
  const gapSections = new PromiseCache(16);

  async function whereGaps(place: PlaceFilter, inArea: (code: string | null) => boolean, focus: string[], filtered: boolean) {
    const params = defaultGapParams();
    const analyses = await Promise.all(CATEGORIES.map(async (category) => ({ category, g: await gaps.cellGaps(params, category) })));
    const dataVersion = analyses[analyses.length - 1].g.dataVersion;
    const key = JSON.stringify([analyses.map((a) => a.g.contentKey), place, focus, filtered]);
    const figures = await gapSections.get(key, async () => {
      const rows = [];
      const focusFigures = [];
      for (const { category, g } of analyses) {
        const places = g.places;
        const f = gapFigures(g, inArea);
        rows.push({ category, label: label(category), supplyPoints: g.supplyPoints, population: f.population, populationInGaps: f.populationInGaps, shareInGaps: f.shareInGaps, mostDeprivedPopulation: f.mostDeprivedPopulation, mostDeprivedInGaps: f.mostDeprivedInGaps, mostDeprivedShareInGaps: f.mostDeprivedShareInGaps });
        if (focus.includes(category)) {
          const placeOf = (c: { areaCode: string | null; areaName: string | null }) => (c.areaCode ? placeLabel(places.get(c.areaCode)) : null) ?? c.areaName ?? 'an unnamed area';
          const suggested = await gaps.suggestions(params, category, filtered ? 10 : 3);
          const suggestions = suggested.suggestions.filter((s) => inArea(s.areaCode)).slice(0, 3)
            .map((s) => ({ place: s.place ?? 'an unnamed area', population: s.population, mostDeprivedPopulation: s.mostDeprivedPopulation, explanation: s.explanation }));
          focusFigures.push({ category, label: label(category), deciles: f.deciles, worst: worstGapCells(g, inArea, placeOf, 5), suggestions });
        }
      }
      return { categories: rows, focus: focusFigures };
    });
    return {
      threshold: params.threshold, cellSize: params.cellSize, ...figures,
      provenance: { asOf: new Date().toISOString(), source: `Gap analysis of published records (data version ${dataVersion}); ONS population, IMD 2019`, link: '/?layer=gaps' },
    };
  }

  // The registry's rows and the figures that do not depend on the time of asking, per
  // data version (every commit to records, sites, organisations or the partnership moves
  // it: server/cache/) and place: an unchanged registry is read once, not per request.
  const facts = new VersionedCache<Awaited<ReturnType<typeof readFacts>>>(8, 10 * 60_000);

  async function readFacts(partnershipId: string, codes: Set<string> | null) {
    const inArea = (code: string | null) => codes === null || (code !== null && codes.has(code));
    const inPlace = (areaCodes: string[] = []) => codes === null || areaCodes.some((c) => codes.has(c));
    // The whole partnership's records from the gap service's mirror (kept in memory,
    // brought up to date by what changed); a place's, with their areas, from the database.
    const registry = await gaps.registry(partnershipId);
    const records: Promise<AssetFact[]> = codes ? repo.assetFacts(knex, partnershipId, [...codes]) : Promise.resolve(registry.records);
    const [assetRows, siteRows, organisationRows] = await Promise.all([records, repo.sharedSites(knex, partnershipId, registry.sharedSiteIds), repo.organisationFacts(knex, partnershipId)]);
    const assets = codes ? assetRows.filter((a) => inPlace(a.areaCodes)) : assetRows;
    const sites = siteRows.filter((s) => inArea(s.areaCode));
    const organisations = organisationRows.filter((org) => !codes || assets.some((a) => a.organisationId === org.id && a.status === 'published'));
    return { assets, assetIds: new Set(assets.map((a) => a.id)), counts: categoryCounts(assets, CATEGORIES), coLocated: coLocatedSites(sites), lero: leros(organisations, assets) };
  }

  async function registryFacts(partnershipId: string, codes: Set<string> | null) {
    const [version, { reference }] = await Promise.all([readDataVersion(knex), dataVersions(knex)]);
    return facts.get(`${partnershipId}|${reference}|${codes ? [...codes].sort().join(',') : '*'}`, version, () => readFacts(partnershipId, codes));
  }

  return {
    async dashboard(o: DashboardOptions) {
      const partnership = await currentPartnership(knex);
      const places = await gaps.places();
      const index = indexOf(places);
      const codes = o.place ? index.codesOf(o.place) : null;
      const inArea = (code: string | null) => codes === null || (code !== null && codes.has(code));
      // The registry's rows and the gap analyses are read side by side (each is a database
      // read of every record when the data has moved).
      const gapSection = whereGaps(o.place, inArea, o.focus, codes !== null);
      gapSection.catch(() => undefined);
      const { assets, assetIds, counts, coLocated, lero } = await registryFacts(partnership.id, codes);
      const registry: Provenance = { asOf: o.now.toISOString(), source: 'Waymark registry: published records', link: '/registry.html' };
      const fresh = freshness(assets, CATEGORIES, o.now);
      return {
        partnership: { name: partnership.name },
        generatedAt: o.now.toISOString(),
        place: o.place,
        places: index.options,
        exists: {
          categories: { rows: counts.rows.map((r) => ({ ...r, label: label(r.category) })), total: counts.total, provenance: registry },
          coLocated: {
            count: coLocated.length,
            sites: coLocated.slice(0, 20).map((s) => ({ name: s.name, place: (s.areaCode ? placeLabel(places.get(s.areaCode)) : null) ?? 'an unnamed area', serviceCount: s.serviceCount, services: s.services })),
            provenance: { ...registry, source: 'Waymark registry: sites hosting two or more published records' },
          },
          leros: { ...lero, provenance: { ...registry, source: 'Waymark registry: organisations of kind LERO' } },
          freshness: { ...fresh, rows: fresh.rows.map((r) => ({ ...r, label: label(r.category) })), overdue: fresh.overdue.map((a) => ({ ...a, label: label(a.category) })), provenance: { ...registry, source: 'Waymark registry: last verified dates (12 months)' } },
          change: { ...changeSince(assets, await repo.archiveEvents(knex, o.since), o.since), provenance: { ...registry, source: 'Waymark registry and its audit trail' } },
        },
        connected: await connected(o.place, assetIds),
        gaps: await gapSection,
        participation: await participationSummary(knex),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export type Dashboard = Awaited<ReturnType<DashboardService['dashboard']>>;
