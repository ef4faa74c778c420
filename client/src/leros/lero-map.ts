/** LEROs' places on a Leaflet map (no WebGL needed): one circle per place; a LERO's own places filled. */
import L from 'leaflet';
import { createLeafletMap } from '../shared/leaflet-base';
import type { ClientConfig, Partnership } from '../shared/types';
import type { Lero } from './types';

export type LeroMap = { show(items: Lero[], selectedId: string | null): void };

export function createLeroMap(container: HTMLElement, config: ClientConfig, partnership: Partnership, onSelect: (id: string) => void): LeroMap {
  const map = createLeafletMap(container, config, partnership);
  const layer = L.layerGroup().addTo(map);
  return {
    show(items, selectedId) {
      layer.clearLayers();
      for (const lero of items) {
        const selected = lero.id === selectedId;
        for (const place of lero.places) {
          L.circleMarker([place.lat, place.lng], {
            radius: selected ? 11 : 8, color: '#00594f', weight: selected ? 4 : 2,
            fillColor: place.ownPlace ? '#00594f' : '#ffffff', fillOpacity: 0.9,
            // The register list is the keyboard route; markers would only add tab stops.
            interactive: true, bubblingMouseEvents: false,
          }).bindTooltip(`${lero.name}${place.locationPrecision === 'exact' ? '' : ' (area only)'}`).on('click', () => onSelect(lero.id)).addTo(layer);
        }
      }
    },
  };
}
