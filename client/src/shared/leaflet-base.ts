/**
 * A Leaflet map on our own data: the partnership boundary, its OGL attribution, and the
 * optional basemap from /api/config (without one: place names and LSOA outlines). No tiles are fetched unless a basemap is configured,
 * so it works offline and without WebGL (the phone-first pages use it).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { ClientConfig, Partnership } from './types';
import { addLeafletLsoaOutlines, addLeafletPlaceLabels } from './leaflet-places';

export function createLeafletMap(container: HTMLElement, config: ClientConfig, partnership: Partnership): L.Map {
  const map = L.map(container, { zoomSnap: 0.5, attributionControl: true });
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution(escapeHtml(partnership.attribution));
  if (config.basemap) {
    L.tileLayer(config.basemap.url, { attribution: config.basemap.attribution, maxZoom: 19 }).addTo(map);
  } else {
    // Offline: our own town and village names, and LSOA outlines close in, so "tap where it
    // meets" has something to go by.
    void addLeafletPlaceLabels(map);
    void addLeafletLsoaOutlines(map);
  }
  if (partnership.boundary) {
    L.geoJSON(partnership.boundary, {
      interactive: false,
      style: { color: '#00594f', weight: 2.5, dashArray: '6 4', fillColor: '#ffffff', fillOpacity: 0.55 },
    }).addTo(map);
  }
  const [minLng, minLat, maxLng, maxLat] = partnership.bbox;
  map.fitBounds([[minLat, minLng], [maxLat, maxLng]], { padding: [12, 12] });
  return map;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
