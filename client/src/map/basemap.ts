/**
 * Which style the main map starts from. Online: the configured vector style (an
 * OpenStreetMap basemap by default), fetched here with a time limit so that a missing
 * network never leaves the map blank or waiting: on any failure the offline style is used.
 * Offline: the plain style (map-style.ts) to which main adds town names and LSOA outlines.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { ClientConfig } from '../shared/types';
import { baseStyle } from './map-style';

export const STYLE_TIMEOUT_MS = 4000;

/** `ownLabels`: the style names no places, so we draw our own (GeoNames) town names. */
export type ResolvedStyle = { style: StyleSpecification; ownLabels: boolean };

export async function resolveMapStyle(config: ClientConfig, fetchImpl: typeof fetch = fetch): Promise<ResolvedStyle> {
  if (config.basemapStyle) {
    try {
      const res = await fetchImpl(config.basemapStyle.url, { signal: AbortSignal.timeout(STYLE_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const style = (await res.json()) as StyleSpecification;
      if (style.version !== 8 || !Array.isArray(style.layers)) throw new Error('not a MapLibre style');
      return { style, ownLabels: false };
    } catch (err) {
      console.warn(`Basemap style unavailable (${err instanceof Error ? err.message : String(err)}); using the offline map.`);
      return { style: baseStyle({ ...config, basemap: null }), ownLabels: true };
    }
  }
  // Raster tiles (a council's own) carry their own names; with none, draw ours.
  return { style: baseStyle(config), ownLabels: !config.basemap };
}
