/**
 * Offline basemap detail on the Leaflet maps, when there is no basemap (offline, or turned
 * off). Town and village names: the same GeoNames places as the main map, as plain text
 * markers that take no clicks; towns from zoom 10, villages from zoom 12. LSOA outlines
 * at street zoom.
 */
import L from 'leaflet';
import { apiGet } from './api';
import type { AreaCollection, PlaceCollection } from './types';

export async function addLeafletPlaceLabels(map: L.Map): Promise<void> {
  let places: PlaceCollection;
  try {
    places = await apiGet<PlaceCollection>('/api/places');
  } catch {
    return; // labels are a help, never a reason for the map to fail
  }
  if (!places.features.length) return;
  map.attributionControl.addAttribution(places.attribution);
  const towns = L.layerGroup();
  const villages = L.layerGroup();
  for (const f of places.features) {
    const [lng, lat] = f.geometry.coordinates;
    const town = f.properties.rank === 1;
    const icon = L.divIcon({ className: `place-label${town ? ' town' : ''}`, html: '', iconSize: undefined });
    const marker = L.marker([lat, lng], { icon, interactive: false, keyboard: false });
    marker.on('add', () => { const el = marker.getElement(); if (el) el.textContent = f.properties.name; });
    (town ? towns : villages).addLayer(marker);
  }
  const show = () => {
    const z = map.getZoom();
    for (const [group, minZoom] of [[towns, 10], [villages, 12]] as const) {
      if (z >= minZoom && !map.hasLayer(group)) group.addTo(map);
      else if (z < minZoom && map.hasLayer(group)) group.remove();
    }
  };
  map.on('zoomend', show);
  show();
}

/** Street zoom and closer, as on the main map (places-layer.ts). */
export const LSOA_OUTLINE_MIN_ZOOM = 12.5;

/**
 * LSOA outlines at street zoom when there is no basemap: the same /api/areas read as the
 * main map's outlines, drawn as thin dashed lines that take no clicks. No areas loaded (or
 * no answer): no outlines, and the map carries on.
 */
export async function addLeafletLsoaOutlines(map: L.Map): Promise<void> {
  let areas: AreaCollection;
  try {
    areas = await apiGet<AreaCollection>('/api/areas');
  } catch {
    return;
  }
  if (!areas.features.length) return;
  // Path options at the top level: Leaflet gives each path its class when it makes it, and a
  // `style` is applied only afterwards (too late for a class).
  const outlines = L.geoJSON(areas, {
    interactive: false, className: 'lsoa-outline', color: '#7b8784', weight: 0.8, dashArray: '3 2', fill: false,
  } as L.GeoJSONOptions & L.PathOptions);
  const show = () => {
    const near = map.getZoom() >= LSOA_OUTLINE_MIN_ZOOM;
    if (near && !map.hasLayer(outlines)) outlines.addTo(map);
    else if (!near && map.hasLayer(outlines)) outlines.remove();
  };
  map.on('zoomend', show);
  show();
}
