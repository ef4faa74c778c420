/**
 * What the map page knows, in one object the controllers share (instead of a dozen
 * variables closed over by one long function). Each field says which controller writes it.
 */
import type { Map as MapLibreMap } from './maplibre';
import type { AreaCollection, AssetPointFeature, Partnership, PlaceCollection, Vocabulary } from '../shared/types';
import type { ViewBox } from './view-listing';

export type MapState = {
  partnership: Partnership;
  areas: AreaCollection;
  places: PlaceCollection;
  vocab: Vocabulary;
  /** Past the threshold the map reads vector tiles and the list reads the view from the API. */
  tileMode: boolean;
  /** The map once constructed (null without WebGL); `mapLoaded` once its style has loaded. */
  map: MapLibreMap | null;
  mapLoaded: boolean;
  /** GeoJSON mode (view list): every published place, or a text search's matches; and those through the filters. */
  allPoints: AssetPointFeature[];
  shown: AssetPointFeature[];
  /** The place whose card is open (view list). */
  selectedKey: string | null;
  /** Tile mode (view list): the view's places from the listing, whether there are more, the marker last clicked. */
  view: { places: AssetPointFeature[]; more: boolean; clicked: AssetPointFeature | null; box: ViewBox | null; request: number };
  /** Tile mode: a text search's words and the assets matching them (null: no search). */
  search: { text: string; ids: string[] | null };
  /** What the asset markers step back for: a pathway campaign shown, a gap category shown. */
  emphasis: { pathways: boolean; gapCategory: string | null };
};
