/** Hypothetical assets (what-if, black) and suggested sites (pink), drawn over the gap cells; the panel lists them in words. */
import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

export const GAP_POINTS_SOURCE = 'gap-points';
const SOURCE = GAP_POINTS_SOURCE;
const CIRCLES = 'gap-points-circle';
export type GapPoint = { lng: number; lat: number; kind: 'hypothetical' | 'suggestion'; label: string };

const collection = (points: GapPoint[]): FeatureCollection<Point> => ({
  type: 'FeatureCollection',
  features: points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: { kind: p.kind, label: p.label } })),
});

export function addGapPointsLayer(map: MapLibreMap): void {
  map.addSource(SOURCE, { type: 'geojson', data: collection([]) });
  map.addLayer({
    id: CIRCLES, type: 'circle', source: SOURCE,
    paint: {
      'circle-radius': 9, 'circle-stroke-width': 3, 'circle-stroke-color': '#ffffff',
      'circle-color': ['match', ['get', 'kind'], 'hypothetical', '#000000', '#cc79a7'],
    },
  });
}

export function setGapPoints(map: MapLibreMap, points: GapPoint[]): void {
  map.getSource<GeoJSONSource>(SOURCE)?.setData(collection(points));
}
