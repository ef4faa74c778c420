/** LSOAs shaded by IMD 2019 decile, under the assets and boundary; hidden until asked for. */
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { AreaCollection } from '../../shared/types';
import { IMD_DECILE_COLOURS } from './imd-scale';

const SOURCE = 'areas';
const FILL = 'areas-imd-fill';
const LINE = 'areas-imd-line';

export function addAreasLayer(map: MapLibreMap, areas: AreaCollection, beforeLayer?: string): void {
  map.addSource(SOURCE, { type: 'geojson', data: areas });
  const colour: ExpressionSpecification = [
    'match', ['coalesce', ['get', 'imdDecile'], 0],
    ...IMD_DECILE_COLOURS.flatMap((c, i) => [i + 1, c]),
    'rgba(0,0,0,0)',
  ] as unknown as ExpressionSpecification;
  map.addLayer({ id: FILL, type: 'fill', source: SOURCE, layout: { visibility: 'none' }, paint: { 'fill-color': colour, 'fill-opacity': 0.6 } }, beforeLayer);
  map.addLayer({ id: LINE, type: 'line', source: SOURCE, layout: { visibility: 'none' }, paint: { 'line-color': '#ffffff', 'line-width': 0.6 } }, beforeLayer);
}

export function setAreasVisible(map: MapLibreMap, visible: boolean): void {
  for (const id of [FILL, LINE]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
