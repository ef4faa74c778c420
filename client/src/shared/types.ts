/** Shapes of the API's JSON, as the client reads them (see the HTTP API contract). */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';

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

export type ClientConfig = { demo: boolean; basemap: { url: string; attribution: string } | null };

export type Partnership = {
  id: string;
  name: string;
  laCodes: string[];
  boundary: MultiPolygon | null;
  bbox: [number, number, number, number];
  attribution: string;
};

export type AreaProperties = { code: string; name: string; population: number | null; imdRank: number | null; imdDecile: number | null };
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties>;

export type LocationPrecision = 'exact' | 'grid_1km';

export type ScheduleEntry = { day: number; start: string; end?: string | null; note?: string | null };

export type Site = {
  id: string;
  venueName: string | null;
  address: string | null;
  postcode: string | null;
  lat: number;
  lng: number;
  locationPrecision: LocationPrecision;
};

export type Asset = {
  id: string;
  version: number;
  name: string;
  description: string | null;
  organisation: { id: string; name: string } | null;
  category: string;
  tags: string[];
  sensitive: boolean;
  phone: string | null;
  email: string | null;
  website: string | null;
  schedule: ScheduleEntry[];
  scheduleNotes: string | null;
  whoFor: string[];
  selfReferral: boolean | null;
  professionalReferral: boolean | null;
  wheelchairAccess: boolean | null;
  cost: string | null;
  costNotes: string | null;
  peerLed: boolean;
  commissioning: string | null;
  participationLevel: string | null;
  status: string;
  statusReason: string | null;
  learnedFrom: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  lastVerifiedAt: string | null;
  stale: boolean;
  sites: Site[];
};

export type AssetPointProperties = {
  assetId: string;
  siteId: string;
  name: string;
  category: string;
  status: string;
  sensitive: boolean;
  locationPrecision: LocationPrecision;
  peerLed: boolean;
  whoFor: string[];
  organisationName: string | null;
  venueName: string | null;
};
export type AssetPointFeature = Feature<Point, AssetPointProperties>;
export type AssetPointPage = FeatureCollection<Point, AssetPointProperties> & { numberReturned: number; next: string | null };

/** `distanceMetres` is null when the other record is sensitive and you may not know how near it is. */
export type DuplicateCandidate = { id: string; name: string; status: string; category: string; distanceMetres: number | null; similarity: number };
export type AssetWriteResult = { asset: Asset; possibleDuplicates: DuplicateCandidate[] };

export type Organisation = { id: string; name: string; kind: string };

export type PostcodeLookup = { postcode: string; lat: number; lng: number; lsoa11: string | null; terminated: boolean };
