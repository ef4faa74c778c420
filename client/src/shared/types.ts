/** Shapes of the API's JSON, as the client reads them (see the HTTP API contract). */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { AssetFeature, AssetView, LocationPrecision as ServerLocationPrecision, SiteView } from '../../../server/assets/view';
import type { DuplicateView } from '../../../server/assets/service';

export type Term = { code: string; label: string };

export type Vocabulary = {
  categories: Term[];
  whoFor: Term[];
  participationLevels: Term[];
  statuses: Term[];
  learnedFrom: Term[];
  commissioning: Term[];
  cost: Term[];
  organisationKinds: Term[];
  leroStages: Term[];
  commissioningRoutes: Term[];
  roles: Term[];
};

export type Role = 'admin' | 'coordinator' | 'volunteer' | 'commissioner' | 'researcher';
export type User = { id: string; email: string; displayName: string; role: Role };
export type Me = { user: User | null; csrfToken: string | null };

export type ClientConfig = {
  demo: boolean;
  /** Raster tiles (Leaflet, and the main map without a style); null: offline. */
  basemap: { url: string; attribution: string } | null;
  /** MapLibre vector style URL; null: offline or raster only. */
  basemapStyle?: { url: string } | null;
  /** From this many published places the main map reads vector tiles (WAYMARK_MAP_TILES_FROM). */
  mapTilesFrom?: number;
};

export type Partnership = {
  id: string;
  name: string;
  laCodes: string[];
  boundary: MultiPolygon | null;
  bbox: [number, number, number, number];
  /** Published (asset, site) places on the public map. */
  publishedPlaces: number;
  attribution: string;
};

export type AreaProperties = { code: string; name: string; population: number | null; imdRank: number | null; imdDecile: number | null };
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties>;

/** A server type as it arrives over JSON: dates become ISO strings. */
type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

// The asset shapes are the server's own (type-only imports: nothing of the server is bundled),
// so the client cannot drift from what the API sends.
export type LocationPrecision = ServerLocationPrecision;
export type ScheduleEntry = AssetView['schedule'][number];
export type Site = Json<SiteView>;
export type Asset = Json<AssetView>;
export type AssetPointProperties = AssetFeature['properties'];
export type AssetPointFeature = Feature<Point, AssetPointProperties>;
export type AssetPointPage = FeatureCollection<Point, AssetPointProperties> & { numberReturned: number; next: string | null };

/** `distanceMetres` is null when the other record is sensitive and you may not know how near it is. */
export type DuplicateCandidate = DuplicateView;
export type AssetWriteResult = { asset: Asset; possibleDuplicates: DuplicateCandidate[] };

export type Organisation = { id: string; name: string; kind: string };

export type PostcodeLookup = { postcode: string; lat: number; lng: number; lsoa11: string | null; terminated: boolean };

/** Town and village names around the partnership (GeoNames, CC BY 4.0): /api/places. */
export type PlaceProperties = { name: string; population: number; rank: 1 | 2 };
export type PlaceCollection = FeatureCollection<Point, PlaceProperties> & { attribution: string };
