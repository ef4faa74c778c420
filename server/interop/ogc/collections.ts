/**
 * The feature collections Waymark publishes over OGC API Features, and the simple
 * property filters each allows (OGC API Features Part 1, 7.15.5). Filters only ever
 * name facts a viewer is shown anyway, never anything derived from an exact place. Pure.
 */
import type { Role } from '../../domain/vocabulary';
import { GAP_READERS } from '../../gaps/schemas';

export type PropertyFilter = { name: string; type: 'string' | 'boolean' | 'uuid' | 'number'; description: string };
export type CollectionDef = {
  id: 'assets' | 'sites' | 'leros' | 'pathways' | 'gap-cells';
  title: string;
  description: string;
  filters: PropertyFilter[];
  /** Who may see the collection at all (listed, described, read); everyone when absent. */
  readers?: readonly Role[];
  /** Feature ids: record UUIDs, or the gap grid's cell ids prefixed with the category. */
  featureIds: 'uuid' | 'cell';
  /** Whether `datetime` (last change) applies; gap cells are computed now, so they have none. */
  temporal: boolean;
};

/** The gap-cells collection's defaults: mutual aid, the gaps API's own defaults for the rest (server/gaps/schemas.ts). */
export const GAP_DEFAULT_CATEGORY = 'mutual_aid';

export const COLLECTIONS: CollectionDef[] = [
  {
    id: 'assets',
    title: 'Recovery assets',
    description: 'Published recovery assets (mutual aid, LEROs, cafés, housing …), one feature per asset at the places it runs. Sensitive places are shown at the centre of their 1 km grid square.',
    filters: [
      { name: 'category', type: 'string', description: 'Asset category code (see /openreferral/taxonomy_terms)' },
      { name: 'peerLed', type: 'boolean', description: 'Run by people with lived experience' },
      { name: 'whoFor', type: 'string', description: 'A who-for code the asset is for' },
      { name: 'organisationId', type: 'uuid', description: 'The organisation running it' },
    ],
    featureIds: 'uuid',
    temporal: true,
  },
  {
    id: 'sites',
    title: 'Sites',
    description: 'Places hosting at least one published asset (co-located services share a site). Sensitive places are shown at the centre of their 1 km grid square, without venue or full postcode.',
    filters: [],
    featureIds: 'uuid',
    temporal: true,
  },
  {
    id: 'leros',
    title: 'Lived experience recovery organisations',
    description: 'LEROs, at the places of their published assets (no geometry when none is published).',
    filters: [
      { name: 'leroStage', type: 'string', description: 'emerging_project, constituted_group or registered_charity_company' },
      { name: 'cleroMember', type: 'boolean', description: 'Member of the College of Lived Experience Recovery Organisations' },
    ],
    featureIds: 'uuid',
    temporal: true,
  },
  {
    id: 'pathways',
    title: 'Linkage pathways',
    description: 'Pairs of services tested by published linkage campaigns: a line from service A to service B with the outcome. A sensitive end is shown at its masking cell (as on the map), not its place.',
    filters: [
      { name: 'campaignId', type: 'uuid', description: 'One published campaign' },
      { name: 'status', type: 'string', description: 'open, reached or unreachable' },
      { name: 'outcome', type: 'number', description: 'Outcome code 0–3 of a reached pair' },
    ],
    featureIds: 'uuid',
    temporal: true,
  },
  {
    id: 'gap-cells',
    title: 'Coverage gap cells',
    description: 'Coverage-gap measures per grid cell for one category (default mutual_aid), from published assets at their public points (docs/gaps-method.md). For commissioners, coordinators, researchers and admins.',
    filters: [
      { name: 'category', type: 'string', description: `Asset category code (default ${GAP_DEFAULT_CATEGORY})` },
      { name: 'group', type: 'string', description: 'A who-for code: demand and supply for that group' },
      { name: 'cells', type: 'string', description: 'hex (default) or lsoa' },
      { name: 'cellSize', type: 'number', description: 'Hexagon size in metres (default 500)' },
      { name: 'threshold', type: 'number', description: 'Distance in metres that counts as covered (default 1600)' },
      { name: 'gapFraction', type: 'number', description: 'The gap rule fraction, 0–1 (default 0.5; see docs/gaps-method.md)' },
      { name: 'gap', type: 'boolean', description: 'Only cells that are (true) or are not (false) gaps' },
    ],
    readers: GAP_READERS,
    featureIds: 'cell',
    temporal: false,
  },
];

export const findCollection = (id: string) => COLLECTIONS.find((c) => c.id === id);
/** May this role (null: anonymous) see the collection? */
export const mayRead = (c: CollectionDef, role: Role | null) => !c.readers || (role !== null && c.readers.includes(role));

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];
