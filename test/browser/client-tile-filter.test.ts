/**
 * The filter form as a tile layer filter (client/src/map/tile-filter.ts): evaluated by
 * MapLibre's own expression engine over tile properties (who-for comma-joined, as
 * server/tiles/repo.ts writes it), it keeps exactly what matchesFilters keeps for the
 * GeoJSON layer, for every combination of a handful of filters over hand-made places.
 */
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { matchesFilters, type FilterState } from '../../client/src/map/filters';
import { tileFilter } from '../../client/src/map/tile-filter';
import type { AssetPointProperties } from '../../client/src/shared/types';

const place = (assetId: string, category: string, whoFor: string[], peerLed: boolean): AssetPointProperties => ({
  assetId, siteId: `${assetId}-s`, name: assetId, category, status: 'published', sensitive: false, locationPrecision: 'exact',
  peerLed, whoFor, organisationName: null, venueName: null,
});
const PLACES = [
  place('a', 'treatment', [], false),
  place('b', 'mutual_aid', ['women'], true),
  place('c', 'mutual_aid', ['young_people', 'women'], false),
  place('d', 'housing', ['lgbtq'], true),
  // A code that is another code's tail must not match it: `,women,` is not in `,young_women,`.
  place('e', 'advice', ['young_women'], false),
];

/** A place as the tile carries it: who-for joined with commas; null properties left out (ST_AsMVT and vt-pbf both drop them). */
const asTileFeature = (p: AssetPointProperties) => ({
  type: 1 as const,
  geometry: [],
  properties: Object.fromEntries(Object.entries({ ...p, whoFor: p.whoFor.join(',') }).filter(([, v]) => v !== null)),
});

const state = (categories: string[], whoFor: string[], peerLed: FilterState['peerLed']): FilterState => ({ categories: new Set(categories), whoFor: new Set(whoFor), peerLed });
const CASES: [string, FilterState, string[] | null][] = [
  ['everything', state(['treatment', 'mutual_aid', 'housing', 'advice'], [], 'any'), null],
  ['one category', state(['mutual_aid'], [], 'any'), null],
  ['no category', state([], [], 'any'), null],
  ['women', state(['treatment', 'mutual_aid', 'housing', 'advice'], ['women'], 'any'), null],
  ['women or lgbtq, peer-led', state(['treatment', 'mutual_aid', 'housing', 'advice'], ['women', 'lgbtq'], 'yes'), null],
  ['not peer-led', state(['treatment', 'mutual_aid', 'housing', 'advice'], [], 'no'), null],
  ['a search found b and d', state(['treatment', 'mutual_aid', 'housing', 'advice'], [], 'any'), ['b', 'd']],
];
// Worked by hand from the places above.
const EXPECTED: Record<string, string[]> = {
  everything: ['a', 'b', 'c', 'd', 'e'],
  'one category': ['b', 'c'],
  'no category': [],
  women: ['b', 'c'],
  'women or lgbtq, peer-led': ['b', 'd'],
  'not peer-led': ['a', 'c', 'e'],
  'a search found b and d': ['b', 'd'],
};

describe('tileFilter', () => {
  it.each(CASES)('%s: the tile filter keeps what matchesFilters keeps', (name, s, ids) => {
    const filter = featureFilter(tileFilter(s, ids), 'layers[0].filter');
    const kept = PLACES.filter((p) => filter.filter({ zoom: 14 }, asTileFeature(p))).map((p) => p.assetId);
    const byForm = PLACES.filter((p) => matchesFilters(p, s) && (!ids || ids.includes(p.assetId))).map((p) => p.assetId);
    expect(kept).toEqual(EXPECTED[name]);
    expect(kept).toEqual(byForm);
  });
});
