/**
 * The filter form's state as a MapLibre filter expression over the asset tiles' properties
 * (server/tiles/repo.ts: category, peerLed, whoFor as a comma-joined string), so the tile
 * layers show what matchesFilters keeps for the GeoJSON layer. Pure.
 */
import type { FilterSpecification } from 'maplibre-gl';
import type { FilterState } from './filters';

/**
 * @param assetIds the assets a text search found (the server searches; tiles carry no
 *   descriptions), or null when there is no search.
 * @example tileFilter({ categories: new Set(['treatment']), whoFor: new Set(), peerLed: 'any' }, null)
 * // ['all', ['in', ['get', 'category'], ['literal', ['treatment']]]]
 */
export function tileFilter(state: FilterState, assetIds: readonly string[] | null): FilterSpecification {
  const parts: unknown[] = [['in', ['get', 'category'], ['literal', [...state.categories]]]];
  if (state.whoFor.size) {
    // `,women,` in `,women,young_people,`: whole codes only, never a code inside another.
    const listed = ['concat', ',', ['coalesce', ['get', 'whoFor'], ''], ','];
    parts.push(['any', ...[...state.whoFor].map((code) => ['in', `,${code},`, listed])]);
  }
  if (state.peerLed === 'yes') parts.push(['==', ['get', 'peerLed'], true]);
  if (state.peerLed === 'no') parts.push(['!=', ['get', 'peerLed'], true]);
  if (assetIds) parts.push(['in', ['get', 'assetId'], ['literal', [...assetIds]]]);
  return ['all', ...parts] as FilterSpecification;
}
