/**
 * Coverage gaps, for the roles that may see them: the panel (category, measure, what-if,
 * suggestions, table), the cells under the boundary line, the hypothetical and suggested
 * points over the markers, and a map click placing a hypothetical asset in what-if mode.
 */
import { byId } from '../shared/dom';
import { removeSources, Subscriptions, type MapController } from './controller';
import { renderGapsPanel } from './gaps-panel';
import { addGapPointsLayer, GAP_POINTS_SOURCE, setGapPoints } from './layers/gap-points-layer';
import { addGapsLayer, GAP_CELLS_SOURCE, setGapCells, setGapMeasure, setGapsVisible } from './layers/gaps-layer';
import type { MapState } from './map-state';
import type { Map as MapLibreMap } from './maplibre';

export type Gaps = MapController & {
  /** The cells go under `beforeId` (the boundary line); the points on top of what is there now. */
  addCells(map: MapLibreMap, beforeId?: string): void;
};

/** `map` is the constructed map (the panel drives its layers); `onEmphasis` re-weights the markers. */
export function createGaps(state: MapState, map: MapLibreMap, onEmphasis: () => void): Gaps {
  const subs = new Subscriptions();
  const section = byId('gaps-section');
  section.hidden = false;
  const panel = renderGapsPanel(section, state.vocab, {
    onVisible: (visible) => setGapsVisible(map, visible),
    onCells: (cells) => setGapCells(map, cells),
    onMeasure: (measure) => setGapMeasure(map, measure),
    onPoints: (points) => setGapPoints(map, points),
    onWhatIfMode: (active) => (map.getCanvas().style.cursor = active ? 'crosshair' : ''),
    onCategory: (category) => {
      state.emphasis.gapCategory = category;
      onEmphasis();
    },
  });
  // Clicks count from construction, as before: what-if mode can be on before the style loads.
  subs.add(map.on('click', (e) => void panel.placeHypothetical(e.lngLat.lng, e.lngLat.lat)));

  return {
    addCells: (m, beforeId) => addGapsLayer(m, beforeId),
    onAdd(m: MapLibreMap) {
      addGapPointsLayer(m);
    },
    onRemove(m: MapLibreMap) {
      subs.clear();
      removeSources(m, [GAP_CELLS_SOURCE, GAP_POINTS_SOURCE]);
    },
  };
}
