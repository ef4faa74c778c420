/**
 * The finder's map (Leaflet: phones without WebGL): tap to choose the place; the place
 * searched and the numbered results. A sensitive record is drawn as its area (a dashed
 * ring round its public point), never as a pin, as on the main map.
 */
import L from 'leaflet';
import { createLeafletMap } from '../shared/leaflet-base';
import type { ClientConfig, Partnership } from '../shared/types';
import type { FinderAnswer } from './types';

export type FinderMap = { show(answer: FinderAnswer): void };

const AREA_RADIUS_M = 500;

export function createFinderMap(container: HTMLElement, config: ClientConfig, partnership: Partnership, onPick: (lat: number, lng: number) => void): FinderMap {
  const map = createLeafletMap(container, config, partnership);
  const layer = L.layerGroup().addTo(map);
  map.on('click', (e: L.LeafletMouseEvent) => onPick(e.latlng.lat, e.latlng.lng));
  return {
    show(answer) {
      layer.clearLayers();
      const here = L.circleMarker([answer.place.lat, answer.place.lng], { radius: 9, color: '#1d1d1b', weight: 3, fillColor: '#ffdd00', fillOpacity: 1 })
        .bindTooltip(`Searched from ${answer.place.label}`);
      layer.addLayer(here);
      const bounds = L.latLngBounds([here.getLatLng()]);
      const items = answer.results.length ? answer.results : answer.nearestBeyond ? [answer.nearestBeyond] : [];
      items.forEach((item, i) => {
        if (!item.place) return;
        const at = L.latLng(item.place.lat, item.place.lng);
        bounds.extend(at);
        const masked = item.place.locationPrecision !== 'exact';
        const mark = masked
          ? L.circle(at, { radius: AREA_RADIUS_M, color: '#00594f', weight: 2, dashArray: '5 4', fillOpacity: 0.08 })
          : L.marker(at, { icon: L.divIcon({ className: 'finder-pin', html: `<span>${i + 1}</span>`, iconSize: [28, 28] }), keyboard: false });
        layer.addLayer(mark.bindTooltip(`${i + 1}. ${item.name}${masked ? ' (area only)' : ''}`));
        if (mark instanceof L.Circle) bounds.extend(mark.getBounds());
      });
      map.fitBounds(bounds.pad(0.15), { maxZoom: 15 });
    },
  };
}
