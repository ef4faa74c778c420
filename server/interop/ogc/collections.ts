/**
 * The feature collections Waymark publishes over OGC API Features, and the simple
 * property filters each allows (OGC API Features Part 1, 7.15.5). Filters only ever
 * name facts a viewer is shown anyway, never anything derived from an exact place. Pure.
 */
export type PropertyFilter = { name: string; type: 'string' | 'boolean' | 'uuid'; description: string };
export type CollectionDef = { id: 'assets' | 'sites' | 'leros'; title: string; description: string; filters: PropertyFilter[] };

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
  },
  {
    id: 'sites',
    title: 'Sites',
    description: 'Places hosting at least one published asset (co-located services share a site). Sensitive places are shown at the centre of their 1 km grid square, without venue or full postcode.',
    filters: [],
  },
  {
    id: 'leros',
    title: 'Lived experience recovery organisations',
    description: 'LEROs, at the places of their published assets (no geometry when none is published).',
    filters: [
      { name: 'leroStage', type: 'string', description: 'emerging_project, constituted_group or registered_charity_company' },
      { name: 'cleroMember', type: 'boolean', description: 'Member of the College of Lived Experience Recovery Organisations' },
    ],
  },
];

export const findCollection = (id: string) => COLLECTIONS.find((c) => c.id === id);

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];
