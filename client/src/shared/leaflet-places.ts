/**
 * Town and village names on the Leaflet maps when there is no basemap (offline, or turned
 * off): the same GeoNames places as the main map, as plain text markers that take no
 * clicks. Towns from zoom 10, villages from zoom 12.
 */
import L from 'leaflet';
import { apiGet } from './api';
import type { PlaceCollection } from './types';

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
