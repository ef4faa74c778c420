import type { AssetCategory } from '../server/domain/vocabulary';
import type { OrganisationCreateInput } from '../server/organisations/schemas';
import { CALDERDALE_LA_CODE } from './reference-files';

/**
 * The fixed cast of the demo: fictional organisations and venues, and the real
 * Calderdale places they are named after. Every organisation and venue name here is
 * invented; the places (Halifax, Elland, Hebden Bridge …) are real.
 */

export const FICTIONAL_NOTE = 'Fictional record for the Waymark demo.';

/** How many assets of each category the demo has (300 in all). */
export const CATEGORY_COUNTS: Record<AssetCategory, number> = {
  treatment: 20,
  harm_reduction: 18,
  mutual_aid: 70,
  lero_peer_support: 25,
  recovery_community: 20,
  family_carer_support: 15,
  housing: 18,
  education_training_employment: 18,
  health: 20,
  criminal_justice: 10,
  social_leisure_arts: 30,
  faith_community: 15,
  advice: 15,
  other: 6,
};

export type OrganisationKey =
  | 'lanternlight' | 'packhorse' | 'emberwick' | 'millstone' | 'heron_row'
  | 'stonechat' | 'saltmoor'
  | 'aa_meetings' | 'na_meetings' | 'smart_meetings'
  | 'brambleworth_housing' | 'kestrel_refuge' | 'spindle_advice' | 'common_loom'
  | 'hillside_faith' | 'fernside_justice' | 'weaver_lane_pharmacies';

const org = (input: OrganisationCreateInput): OrganisationCreateInput => ({
  ...input,
  description: `${input.description} Fictional organisation created for the Waymark demo.`,
});

const CALDERDALE = CALDERDALE_LA_CODE;
const KIRKLEES = 'E08000034';
const BRADFORD = 'E08000032';

export const DEMO_ORGANISATIONS: Record<OrganisationKey, OrganisationCreateInput> = {
  lanternlight: org({
    name: 'Lanternlight Recovery Community', kind: 'lero', leroStage: 'registered_charity_company', cleroMember: true,
    commissioningRoute: 'sub_contracted', localAuthoritiesServed: [CALDERDALE, KIRKLEES], website: 'https://example.org/lanternlight',
    description: 'Lived experience recovery organisation running peer mentoring, a recovery café and recovery coaching across Calderdale.',
  }),
  packhorse: org({
    name: 'Packhorse Peer Recovery CIC', kind: 'lero', leroStage: 'registered_charity_company', cleroMember: true,
    commissioningRoute: 'grant', localAuthoritiesServed: [CALDERDALE], website: 'https://example.org/packhorse',
    description: 'Community interest company led by people in recovery in the upper Calder Valley; walking, cafés and peer support.',
  }),
  emberwick: org({
    name: 'Emberwick Recovery Collective', kind: 'lero', leroStage: 'constituted_group', cleroMember: false,
    commissioningRoute: 'grant', localAuthoritiesServed: [CALDERDALE], website: 'https://example.org/emberwick',
    description: 'Constituted group of people in recovery running creative and social activities in Halifax.',
  }),
  millstone: org({
    name: 'Millstone Lived Experience Network', kind: 'lero', leroStage: 'constituted_group', cleroMember: false,
    commissioningRoute: 'none', localAuthoritiesServed: [CALDERDALE, BRADFORD],
    description: 'Network of lived experience leaders who train peer volunteers and run a lived experience forum.',
  }),
  heron_row: org({
    name: "Heron Row Women's Recovery Project", kind: 'lero', leroStage: 'emerging_project', cleroMember: false,
    commissioningRoute: 'none', localAuthoritiesServed: [CALDERDALE],
    description: 'Emerging project started by women in recovery, meeting in Elland and Sowerby Bridge.',
  }),
  stonechat: org({
    name: 'Stonechat Drug & Alcohol Service', kind: 'treatment_provider', commissioningRoute: 'direct',
    localAuthoritiesServed: [CALDERDALE], website: 'https://example.org/stonechat',
    description: 'The commissioned adult drug and alcohol treatment service: assessment, prescribing, detox and psychosocial support.',
  }),
  saltmoor: org({
    name: 'Saltmoor Clinical Recovery', kind: 'treatment_provider', commissioningRoute: 'sub_contracted',
    localAuthoritiesServed: [CALDERDALE, KIRKLEES], website: 'https://example.org/saltmoor',
    description: 'Sub-contracted clinical partner providing shared-care prescribing and young people’s substance use work.',
  }),
  aa_meetings: org({
    name: 'Halifax and Calder Valley AA Meetings', kind: 'mutual_aid_fellowship', commissioningRoute: 'none',
    localAuthoritiesServed: [CALDERDALE], description: 'The AA meetings that meet across Calderdale (fictional listing).',
  }),
  na_meetings: org({
    name: 'Calderdale NA Meetings', kind: 'mutual_aid_fellowship', commissioningRoute: 'none',
    localAuthoritiesServed: [CALDERDALE], description: 'The NA meetings that meet across Calderdale (fictional listing).',
  }),
  smart_meetings: org({
    name: 'Calderdale SMART Recovery Meetings', kind: 'mutual_aid_fellowship', commissioningRoute: 'none',
    localAuthoritiesServed: [CALDERDALE], description: 'SMART Recovery meetings run by trained volunteer facilitators (fictional listing).',
  }),
  brambleworth_housing: org({
    name: 'Brambleworth Housing Trust', kind: 'voluntary_community', commissioningRoute: 'direct',
    localAuthoritiesServed: [CALDERDALE], website: 'https://example.org/brambleworth',
    description: 'Supported and recovery housing, tenancy sustainment and a winter night shelter.',
  }),
  kestrel_refuge: org({
    name: "Kestrel Women's Refuge Trust", kind: 'voluntary_community', commissioningRoute: 'grant',
    localAuthoritiesServed: [CALDERDALE], description: 'Refuge accommodation and outreach for women and children escaping domestic abuse.',
  }),
  spindle_advice: org({
    name: 'Spindle Advice Partnership', kind: 'voluntary_community', commissioningRoute: 'grant',
    localAuthoritiesServed: [CALDERDALE], website: 'https://example.org/spindle',
    description: 'Free benefits, debt and housing advice in community venues.',
  }),
  common_loom: org({
    name: 'Common Loom Community Trust', kind: 'voluntary_community', commissioningRoute: 'none',
    localAuthoritiesServed: [CALDERDALE], website: 'https://example.org/common-loom',
    description: 'Community centres, arts and sport for everyone, with sessions set up with people in recovery.',
  }),
  hillside_faith: org({
    name: 'Hillside Faith Network', kind: 'faith', commissioningRoute: 'none', localAuthoritiesServed: [CALDERDALE],
    description: 'Churches, a mosque and a gurdwara working together on community meals and recovery support.',
  }),
  fernside_justice: org({
    name: 'Fernside Justice Liaison Team', kind: 'statutory', commissioningRoute: 'direct', localAuthoritiesServed: [CALDERDALE],
    description: 'Liaison and diversion, probation substance-use clinics and through-the-gate support.',
  }),
  weaver_lane_pharmacies: org({
    name: 'Weaver Lane Pharmacies', kind: 'business', commissioningRoute: 'direct', localAuthoritiesServed: [CALDERDALE],
    description: 'Independent community pharmacies offering supervised consumption and needle exchange.',
  }),
};

/** Venues that host several assets (co-location), with how many each hosts. */
export const HUB_VENUES: readonly string[] = [
  'Lantern House Recovery Hub',
  "Weavers' Hall Community Centre",
  'Millbank Chapel Hall',
  'Foundry Yard Community Rooms',
  'Canal Wharf Centre',
  'Ashgrove Family Centre',
  'Holly Bank Community Library',
  'Kingfisher Wellbeing Centre',
  'Spindle Mill Community Centre',
  'Heron House',
  'Beacon Hall',
  'Piecework Community Hub',
];

/**
 * Real localities of the HX postcode area, with approximate centres: an asset is named
 * after the nearest one to its postcode, distances divided by `reach` (a town's name
 * carries further than a village's). Post towns as Royal Mail uses them.
 */
export const LOCALITIES: readonly { name: string; lat: number; lng: number; reach?: number }[] = [
  { name: 'Halifax', lat: 53.7216, lng: -1.8616, reach: 2 },
  { name: 'King Cross', lat: 53.7143, lng: -1.8778 },
  { name: 'Pellon', lat: 53.7265, lng: -1.881 },
  { name: 'Ovenden', lat: 53.743, lng: -1.868 },
  { name: 'Illingworth', lat: 53.753, lng: -1.883 },
  { name: 'Mixenden', lat: 53.748, lng: -1.904 },
  { name: 'Boothtown', lat: 53.736, lng: -1.858 },
  { name: 'Northowram', lat: 53.738, lng: -1.83 },
  { name: 'Shelf', lat: 53.751, lng: -1.812 },
  { name: 'Hipperholme', lat: 53.725, lng: -1.808 },
  { name: 'Southowram', lat: 53.711, lng: -1.836 },
  { name: 'Siddal', lat: 53.707, lng: -1.847 },
  { name: 'Elland', lat: 53.686, lng: -1.838 },
  { name: 'Greetland', lat: 53.688, lng: -1.87 },
  { name: 'Stainland', lat: 53.673, lng: -1.887 },
  { name: 'Sowerby Bridge', lat: 53.708, lng: -1.908 },
  { name: 'Ripponden', lat: 53.672, lng: -1.943 },
  { name: 'Luddenden Foot', lat: 53.727, lng: -1.95 },
  { name: 'Mytholmroyd', lat: 53.73, lng: -1.982 },
  { name: 'Hebden Bridge', lat: 53.742, lng: -2.012 },
  { name: 'Heptonstall', lat: 53.747, lng: -2.027 },
];

export const POST_TOWNS: Record<string, string> = {
  HX1: 'Halifax', HX2: 'Halifax', HX3: 'Halifax', HX4: 'Halifax', HX5: 'Elland', HX6: 'Sowerby Bridge', HX7: 'Hebden Bridge',
};

/** Town centres get more: Halifax (HX1) most, then the valley towns. Whole-number weights. */
export const DISTRICT_WEIGHTS: readonly (readonly [string, number])[] = [
  ['HX1', 30], ['HX3', 14], ['HX7', 14], ['HX2', 12], ['HX6', 12], ['HX5', 10], ['HX4', 8],
];
