/**
 * The map's starting style: a plain background, and the optional raster basemap from
 * /api/config under everything else. No glyphs, sprites or tiles from anywhere by default:
 * Waymark must work on a machine with no internet, so our layers draw no text (markers
 * and cluster counts are images we draw ourselves; see marker-images.ts).
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { ClientConfig } from '../shared/types';

export const BACKGROUND_COLOUR = '#eef0ea';

export function baseStyle(config: ClientConfig): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } }],
  };
  if (config.basemap) {
    style.sources.basemap = {
      type: 'raster',
      tiles: [config.basemap.url],
      tileSize: 256,
      attribution: config.basemap.attribution,
      maxzoom: 19,
    };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.85 } });
  }
  return style;
}
