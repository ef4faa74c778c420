import type { z } from 'zod';
import { ASSET_CATEGORIES, type AssetCategory, type learnedFromCodes } from '../server/domain/vocabulary';
import type { assetCreateSchema } from '../server/assets/schemas';
import type { OrganisationCreateInput } from '../server/organisations/schemas';
import {
  CATEGORY_COUNTS,
  DEMO_ORGANISATIONS,
  DISTRICT_WEIGHTS,
  FICTIONAL_NOTE,
  HUB_VENUES,
  LOCALITIES,
  POST_TOWNS,
  type OrganisationKey,
} from './demo-catalogue';
import type { SensitiveVariant } from './demo-profile-types';
import { PROFILES } from './demo-profiles';
import { CALDERDALE_LA_CODE } from './reference-files';
import { seededRandom, type Random } from './seeded-random';
import { offCentroid } from './jitter';

/**
 * The demo partnership's fictional assets, generated from a seed and the real postcode
 * table. Pure: no clock, no database, no Math.random; the same seed and postcodes give
 * the same output. Dates are "days ago" so the seeder anchors them to when it runs.
 */

export type PostcodePoint = { postcode: string; lat: number; lng: number; laCode: string | null; terminatedOn: string | null };

export type DemoSite = { key: string; venueName: string | null; address: string; postcode: string; lat: number; lng: number };

export type DemoAsset = {
  key: string;
  siteKey: string;
  organisationKey: OrganisationKey | null;
  /** Published records were entered by the demo coordinator; pending ones by the demo volunteer. */
  author: 'coordinator' | 'volunteer';
  createdDaysAgo: number;
  /** Null while pending (never verified). Over 365 days: stale. */
  lastVerifiedDaysAgo: number | null;
  /** What POST /api/assets would receive, with the site given in full (the seeder swaps in a site id on reuse). */
  input: z.input<typeof assetCreateSchema>;
};

export type DemoData = {
  organisations: { key: OrganisationKey; input: OrganisationCreateInput }[];
  sites: DemoSite[];
  assets: DemoAsset[];
};

export const DEMO_SEED = 20261123;
export const PENDING_COUNT = 15;
export const STALE_COUNT = 20;

const SENSITIVE_SLOTS: readonly { category: AssetCategory; variant: SensitiveVariant; count: number }[] = [
  { category: 'housing', variant: 'refuge', count: 5 },
  { category: 'housing', variant: 'confidential_recovery_house', count: 5 },
  { category: 'family_carer_support', variant: 'womens_abuse_recovery_group', count: 1 },
  { category: 'lero_peer_support', variant: 'womens_peer_circle', count: 1 },
];
/** Housing is never co-located in the demo: shared houses and refuges are their own places. */
const NOT_HOSTED: readonly AssetCategory[] = ['housing'];

const VENUE_WORDS = ['Alder', 'Bracken', 'Cobble', 'Damson', 'Elderberry', 'Fernlea', 'Gorse', 'Hawthorn', 'Ivybank', 'Juniper', 'Larch', 'Mossley', 'Oakwell', 'Primrose', 'Rowan', 'Sorrel', 'Teasel', 'Willowfield', 'Yarrow'];
const VENUE_KINDS = ['House', 'Rooms', 'Centre', 'Hall', 'Chapel Hall', 'Works', 'Court', 'Pavilion'];

type Slot = { category: AssetCategory; variant: SensitiveVariant | null };

function slotsFor(): Slot[] {
  const slots: Slot[] = [];
  for (const { code } of ASSET_CATEGORIES) {
    const special = SENSITIVE_SLOTS.filter((s) => s.category === code);
    for (const s of special) for (let i = 0; i < s.count; i++) slots.push({ category: code, variant: s.variant });
    const plain = CATEGORY_COUNTS[code] - special.reduce((n, s) => n + s.count, 0);
    for (let i = 0; i < plain; i++) slots.push({ category: code, variant: null });
  }
  return slots;
}

/** Live Calderdale HX postcodes by district (HX1 …), sorted so input order never matters. */
function livePostcodesByDistrict(postcodes: PostcodePoint[]): Map<string, PostcodePoint[]> {
  const byDistrict = new Map<string, PostcodePoint[]>();
  const live = postcodes.filter((p) => p.terminatedOn === null && p.laCode === CALDERDALE_LA_CODE).sort((a, b) => a.postcode.localeCompare(b.postcode));
  for (const p of live) {
    const district = p.postcode.split(' ')[0];
    if (!byDistrict.has(district)) byDistrict.set(district, []);
    byDistrict.get(district)!.push(p);
  }
  for (const [district] of DISTRICT_WEIGHTS) {
    if (!byDistrict.get(district)?.length) throw new Error(`no live ${district} postcodes to place demo assets at`);
  }
  return byDistrict;
}

function nearestLocality(lat: number, lng: number): string {
  // Equirectangular distance is plenty for choosing among places a few km apart.
  const cosLat = Math.cos((lat * Math.PI) / 180);
  let best = LOCALITIES[0];
  let bestDistance = Infinity;
  for (const l of LOCALITIES) {
    const d = (((l.lng - lng) * cosLat) ** 2 + (l.lat - lat) ** 2) / (l.reach ?? 1) ** 2;
    if (d < bestDistance) [best, bestDistance] = [l, d];
  }
  return best.name;
}

function addressOf(place: string, postcode: string): string {
  const town = POST_TOWNS[postcode.split(' ')[0]];
  return place === town ? town : `${place}, ${town}`;
}

function learnedFromFor(r: Random, category: AssetCategory, pending: boolean): LearnedFromCode {
  if (pending) return r.weighted([['person_not_in_treatment', 3], ['person_in_treatment', 3], ['lived_experience_leader', 2]] as const);
  if (['treatment', 'health', 'criminal_justice', 'harm_reduction'].includes(category)) return r.weighted([['service_provider', 4], ['other_partner', 1]] as const);
  if (category === 'mutual_aid') return r.weighted([['public_listing', 3], ['lived_experience_leader', 1], ['person_in_treatment', 1]] as const);
  if (category === 'lero_peer_support' || category === 'recovery_community') return r.weighted([['lived_experience_leader', 3], ['person_not_in_treatment', 1]] as const);
  return r.weighted([['other_partner', 3], ['service_provider', 2], ['person_not_in_treatment', 2], ['public_listing', 1]] as const);
}

type LearnedFromCode = (typeof learnedFromCodes)[number];

const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);

export function generateDemoData(options: { seed: number; postcodes: PostcodePoint[] }): DemoData {
  const r = seededRandom(options.seed);
  const byDistrict = livePostcodesByDistrict(options.postcodes);
  const usedPostcodes = new Set<string>();
  const pickPostcode = (): PostcodePoint => {
    for (;;) {
      const p = r.pick(byDistrict.get(r.weighted(DISTRICT_WEIGHTS))!);
      if (!usedPostcodes.has(p.postcode)) {
        usedPostcodes.add(p.postcode);
        return p;
      }
    }
  };
  const sites: DemoSite[] = [];
  const allLive = [...byDistrict.values()].flat();
  /** Sensitive places sit near, never on, their postcode's centroid (see jitter.ts). */
  const newSite = (venueName: string | null, sensitive = false): DemoSite => {
    const p = pickPostcode();
    const { lat, lng } = sensitive ? offCentroid(p, allLive, options.seed) : p;
    const site = { key: `site-${String(sites.length + 1).padStart(3, '0')}`, venueName, address: addressOf(nearestLocality(p.lat, p.lng), p.postcode), postcode: p.postcode, lat, lng };
    sites.push(site);
    return site;
  };

  const hubs = HUB_VENUES.map((venue) => ({ site: newSite(venue), capacity: r.int(3, 5) }));
  const slots = r.shuffle(slotsFor());
  const hostable = (s: Slot) => s.variant === null && !NOT_HOSTED.includes(s.category);
  let hostableLeft = slots.filter(hostable).length;
  let capacityLeft = hubs.reduce((n, h) => n + h.capacity, 0);

  // Pending and stale records, chosen up front among the slots that are not sensitive.
  const ordinary = slots.map((s, i) => (s.variant === null ? i : -1)).filter((i) => i >= 0);
  const pending = new Set(r.sample(ordinary, PENDING_COUNT));
  const stale = new Set(r.sample(ordinary.filter((i) => !pending.has(i)), STALE_COUNT));

  const names = new Set<string>();
  const assets: DemoAsset[] = slots.map((slot, index) => {
    let site: DemoSite;
    if (hostable(slot)) {
      // Selection sampling: each hostable slot joins a hub with chance (places left / slots left), which fills every hub exactly.
      const open = hubs.filter((h) => h.capacity > 0);
      if (r.int(1, hostableLeft) <= capacityLeft) {
        const hub = r.pick(open);
        hub.capacity--;
        capacityLeft--;
        site = hub.site;
      } else {
        site = newSite(`${r.pick(VENUE_WORDS)} ${r.pick(VENUE_KINDS)}`);
      }
      hostableLeft--;
    } else {
      site = newSite(slot.variant ? null : `${r.pick(VENUE_WORDS)} ${r.pick(VENUE_KINDS)}`, slot.variant !== null);
    }
    const place = nearestLocality(site.lat, site.lng);
    let draft = PROFILES[slot.category](r, { place, variant: slot.variant });
    for (let attempt = 0; names.has(draft.name) && attempt < 8; attempt++) draft = PROFILES[slot.category](r, { place, variant: slot.variant });
    if (names.has(draft.name)) draft = { ...draft, name: `${draft.name} (${site.venueName ?? site.postcode.split(' ')[0]})` };
    names.add(draft.name);

    const isPending = pending.has(index);
    const lastVerifiedDaysAgo = isPending ? null : stale.has(index) ? r.int(400, 900) : r.int(3, 330);
    const { organisationKey, ...fields } = draft;
    const organisation = organisationKey ? DEMO_ORGANISATIONS[organisationKey] : null;
    const contactLikely = slot.category === 'mutual_aid' ? 0.3 : 0.75;
    return {
      key: `asset-${String(index + 1).padStart(3, '0')}`,
      siteKey: site.key,
      organisationKey,
      author: isPending ? 'volunteer' : 'coordinator',
      createdDaysAgo: isPending ? r.int(1, 40) : lastVerifiedDaysAgo! + r.int(0, 500),
      lastVerifiedDaysAgo,
      input: {
        ...fields,
        category: slot.category,
        description: `${fields.description} ${FICTIONAL_NOTE}`,
        sensitive: slot.variant !== null,
        // Ofcom keeps 01632 960000–960999 for drama: these numbers can never reach anyone.
        phone: fields.phone === undefined && r.chance(contactLikely) ? `01632 960${String(r.int(0, 999)).padStart(3, '0')}` : (fields.phone ?? null),
        email: r.chance(0.35) ? `${slug(draft.name)}@example.org` : null,
        website: organisation?.website ?? null,
        wheelchairAccess: slot.variant ? null : r.weighted([[true, 5], [false, 2], [null, 2]] as const),
        learnedFrom: learnedFromFor(r, slot.category, isPending),
        sites: [{ venueName: site.venueName, address: site.address, postcode: site.postcode, lat: site.lat, lng: site.lng }],
        publish: !isPending,
      },
    };
  });

  const organisations = (Object.keys(DEMO_ORGANISATIONS) as OrganisationKey[]).map((key) => ({ key, input: DEMO_ORGANISATIONS[key] }));
  return { organisations, sites, assets };
}
