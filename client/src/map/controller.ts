/**
 * The map page is built from controllers, each owning one concern (the view list, the
 * asset markers, pathways, gaps), in the manner of MapLibre's own controls (IControl's
 * onAdd/onRemove): a controller can work before there is a map (its sidebar panel), is
 * added to the map once the style has loaded (its layers and listeners), and removed from
 * it again, taking away everything it added.
 */
import type { Map as MapLibreMap, Subscription } from 'maplibre-gl';

export interface MapController {
  /** Add layers and listeners; called once the style has loaded. */
  onAdd(map: MapLibreMap): void | Promise<void>;
  /** Remove every layer, source and listener onAdd added. */
  onRemove(map: MapLibreMap): void;
}

/** Map listeners a controller holds, so onRemove can drop them all at once. */
export class Subscriptions {
  private held: Subscription[] = [];
  add(...subs: Subscription[]): void {
    this.held.push(...subs);
  }
  clear(): void {
    for (const s of this.held.splice(0)) s.unsubscribe();
  }
}

/** Removes the layers drawn from `sources`, then the sources. */
export function removeSources(map: MapLibreMap, sources: readonly string[]): void {
  const wanted = new Set(sources);
  for (const layer of map.getStyle().layers) if ('source' in layer && wanted.has(layer.source)) map.removeLayer(layer.id);
  for (const id of sources) if (map.getSource(id)) map.removeSource(id);
}
