/**
 * Pathways: the sidebar panel (campaign, rates, legend-as-filter, tables) works without
 * WebGL; once on the map, the campaign's arcs and dots are drawn and the view fits them.
 */
import { byId } from '../shared/dom';
import { labelOf } from '../shared/vocabulary';
import type { Role } from '../shared/types';
import { removeSources, type MapController } from './controller';
import { addPathwayLayers, PATHWAY_KEYS, PATHWAY_SOURCES, setPathwayData, setPathwayFilter, type PathwayKey } from './layers/pathway-layer';
import type { MapState } from './map-state';
import type { Map as MapLibreMap } from './maplibre';
import { renderPathwayPanel, type PathwayData } from './pathway-panel';

export type Pathways = MapController & { ready: Promise<void> };

/** `onEmphasis` tells the markers to step back (or forward) as a campaign is shown or cleared. */
export function createPathways(state: MapState, role: Role | null, onEmphasis: () => void): Pathways {
  let data: PathwayData | null = null;
  let shownKeys: PathwayKey[] = [...PATHWAY_KEYS];
  let map: MapLibreMap | null = null;

  const draw = () => {
    if (!map) return;
    const drawnMap = map;
    setPathwayData(drawnMap, data?.lines ?? null, data?.assets ?? null);
    setPathwayFilter(drawnMap, shownKeys);
    state.emphasis.pathways = data !== null;
    onEmphasis();
    delete document.body.dataset.pathwaysReady;
    const coords = data?.lines.features.flatMap((f) => f.geometry.coordinates) ?? [];
    if (coords.length) {
      const lngs = coords.map((c) => c[0]), lats = coords.map((c) => c[1]);
      drawnMap.fitBounds([[Math.min(...lngs), Math.min(...lats)], [Math.max(...lngs), Math.max(...lats)]], { padding: 48, maxZoom: 15, duration: 0 });
    }
    const id = data?.results.campaign.id;
    if (id) drawnMap.once('idle', () => { document.body.dataset.pathwaysReady = id; });
  };

  const ready = renderPathwayPanel(byId('pathways'), role, (code) => labelOf(state.vocab.categories, code), {
    show: (shown) => {
      data = shown;
      shownKeys = [...PATHWAY_KEYS];
      draw();
    },
    filter: (keys) => {
      shownKeys = keys;
      if (map) setPathwayFilter(map, keys);
      document.body.dataset.pathwayFilter = keys.join(',');
    },
  });

  return {
    ready,
    async onAdd(added: MapLibreMap) {
      addPathwayLayers(added);
      map = added;
      await ready;
      draw();
    },
    onRemove(removed: MapLibreMap) {
      map = null;
      removeSources(removed, PATHWAY_SOURCES);
    },
  };
}
