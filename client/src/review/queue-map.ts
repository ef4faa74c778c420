/** The queue on a Leaflet map: one marker per site, the selected asset's drawn larger. */
import L from 'leaflet';
import { createLeafletMap } from '../shared/leaflet-base';
import { categoryMarkerSvg } from '../shared/palette';
import type { Asset, ClientConfig, Partnership } from '../shared/types';

export type QueueMap = { show(items: Asset[], selectedId: string | null): void };

export function createQueueMap(container: HTMLElement, config: ClientConfig, partnership: Partnership, onSelect: (assetId: string) => void): QueueMap {
  const map = createLeafletMap(container, config, partnership);
  const markers = L.layerGroup().addTo(map);
  return {
    show(items, selectedId) {
      markers.clearLayers();
      const selectedPoints: L.LatLng[] = [];
      for (const asset of items) {
        const selected = asset.id === selectedId;
        const size = selected ? 34 : 22;
        for (const site of asset.sites) {
          const at = L.latLng(site.lat, site.lng);
          if (selected) selectedPoints.push(at);
          L.marker(at, {
            icon: L.divIcon({ className: `queue-marker${selected ? ' selected' : ''}`, html: categoryMarkerSvg(asset.category, size), iconSize: [size, size] }),
            title: asset.name,
            alt: asset.name,
            zIndexOffset: selected ? 1000 : 0,
            // The list beside the map is the keyboard route; markers would only add tab stops.
            keyboard: false,
          }).on('click', () => onSelect(asset.id)).addTo(markers);
        }
      }
      if (selectedPoints.length) {
        const bounds = L.latLngBounds(selectedPoints);
        if (!map.getBounds().contains(bounds)) map.fitBounds(bounds.pad(0.5), { maxZoom: 15 });
      }
    },
  };
}
