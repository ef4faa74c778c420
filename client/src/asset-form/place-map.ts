/**
 * Choosing the asset's place in the asset form: tap the map, drag the pin, use the
 * phone's location, a postcode, or (for keyboard users, who can pan with the arrow keys)
 * the map's centre. Every way ends in `place()`, which tells the page.
 */
import L from 'leaflet';
import { createLeafletMap } from '../shared/leaflet-base';
import type { ClientConfig, Partnership } from '../shared/types';
import type { LatLng } from './draft';

/** `draft` and `saved` put back a place already chosen: the form is not told it changed. */
export type PlaceSource = 'map' | 'location' | 'postcode' | 'centre' | 'draft' | 'saved';

export type PlaceMap = {
  place(point: LatLng, source: PlaceSource, zoomTo?: number): void;
  centre(): LatLng;
  clear(): void;
};

const PIN = L.divIcon({
  className: 'capture-pin',
  html: '<svg width="30" height="42" viewBox="0 0 30 42" aria-hidden="true"><path d="M15 1C7.3 1 1 7.2 1 14.8 1 25.5 15 41 15 41s14-15.5 14-26.2C29 7.2 22.7 1 15 1z" fill="#00594f" stroke="#fff" stroke-width="2"/><circle cx="15" cy="15" r="5.5" fill="#fff"/></svg>',
  iconSize: [30, 42],
  iconAnchor: [15, 41],
});

export function createPlaceMap(
  container: HTMLElement,
  config: ClientConfig,
  partnership: Partnership,
  onPlaced: (point: LatLng, source: PlaceSource) => void,
): PlaceMap {
  const map = createLeafletMap(container, config, partnership);
  let marker: L.Marker | null = null;

  const place = (point: LatLng, source: PlaceSource, zoomTo?: number) => {
    const latlng = L.latLng(point.lat, point.lng);
    if (!marker) {
      marker = L.marker(latlng, { icon: PIN, draggable: true, keyboard: false, title: 'The asset' }).addTo(map);
      marker.on('dragend', () => {
        const at = marker!.getLatLng();
        onPlaced(round({ lat: at.lat, lng: at.lng }), 'map');
      });
    } else {
      marker.setLatLng(latlng);
    }
    // Leaflet drops a setView asked for while a zoom is still animating (someone taps "Use
    // my location" just after zooming), so that one waits for the zoom to end.
    if (zoomTo !== undefined) {
      const go = () => map.setView(latlng, Math.max(map.getZoom(), zoomTo));
      if (map.getPane('mapPane')?.classList.contains('leaflet-zoom-anim')) map.once('zoomend', go);
      else go();
    }
    else if (!map.getBounds().contains(latlng)) map.panTo(latlng);
    if (source !== 'draft' && source !== 'saved') onPlaced(round(point), source);
  };

  map.on('click', (e: L.LeafletMouseEvent) => place({ lat: e.latlng.lat, lng: e.latlng.lng }, 'map'));

  return {
    place,
    centre: () => {
      const c = map.getCenter();
      return { lat: c.lat, lng: c.lng };
    },
    clear: () => {
      marker?.remove();
      marker = null;
    },
  };
}

/** Six decimal places is about 10 cm: more only pretends to a precision nobody has. */
function round(p: LatLng): LatLng {
  return { lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 };
}
