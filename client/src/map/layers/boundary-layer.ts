/** The partnership's boundary: a faint wash inside, a firm line round the edge. */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Partnership } from '../../shared/types';

export const BOUNDARY_LINE_LAYER = 'partnership-boundary-line';

export function addBoundaryLayer(map: MapLibreMap, partnership: Partnership): void {
  if (!partnership.boundary) return;
  map.addSource('partnership-boundary', {
    type: 'geojson',
    data: { type: 'Feature', geometry: partnership.boundary, properties: { name: partnership.name } },
  });
  map.addLayer({
    id: 'partnership-boundary-fill',
    type: 'fill',
    source: 'partnership-boundary',
    paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.55 },
  });
  map.addLayer({
    id: BOUNDARY_LINE_LAYER,
    type: 'line',
    source: 'partnership-boundary',
    paint: { 'line-color': '#00594f', 'line-width': 2.5, 'line-dasharray': [3, 1.5] },
  });
}
