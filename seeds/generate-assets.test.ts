import { geodesicDistance } from '../test/geo-reference';
import { ASSET_CATEGORIES } from '../server/domain/vocabulary';
import { assetCreateSchema } from '../server/assets/schemas';
import { organisationCreateSchema } from '../server/organisations/schemas';
import { DEMO_SEED, PENDING_COUNT, STALE_COUNT, generateDemoData, type DemoAsset } from './generate-assets';
import { FICTIONAL_NOTE } from './demo-catalogue';
import { parsePostcodes, readSeedFile, REFERENCE_FILES } from './reference-files';

const { postcodes } = parsePostcodes(readSeedFile(REFERENCE_FILES.postcodes));
const demo = generateDemoData({ seed: DEMO_SEED, postcodes });
const byCategory = (category: string) => demo.assets.filter((a) => a.input.category === category);
const startsOf = (a: DemoAsset) => (a.input.schedule ?? []).map((s) => s.start);

describe('determinism', () => {
  test('the same seed gives identical output, whatever order the postcodes come in', () => {
    const again = generateDemoData({ seed: DEMO_SEED, postcodes: [...postcodes].reverse() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
  });

  test('a different seed gives a different demo', () => {
    const other = generateDemoData({ seed: DEMO_SEED + 1, postcodes });
    expect(other.assets.map((a) => a.input.name)).not.toEqual(demo.assets.map((a) => a.input.name));
    expect(other.sites.map((s) => s.postcode)).not.toEqual(demo.sites.map((s) => s.postcode));
  });
});

describe('coverage', () => {
  test('about 300 assets, every category present', () => {
    expect(demo.assets.length).toBeGreaterThanOrEqual(280);
    expect(demo.assets.length).toBeLessThanOrEqual(320);
    for (const { code } of ASSET_CATEGORIES) expect(byCategory(code).length).toBeGreaterThan(0);
  });

  test('every asset passes the create schema, and every organisation its schema', () => {
    for (const a of demo.assets) expect(() => assetCreateSchema.parse(a.input)).not.toThrow();
    for (const o of demo.organisations) expect(() => organisationCreateSchema.parse(o.input)).not.toThrow();
  });

  test('names are unique and each record says it is fictional', () => {
    expect(new Set(demo.assets.map((a) => a.input.name)).size).toBe(demo.assets.length);
    for (const a of demo.assets) expect(a.input.description).toContain(FICTIONAL_NOTE);
    for (const o of demo.organisations) expect(o.input.description).toContain('Fictional');
  });

  test('about 12 sensitive, 20 stale and 15 pending', () => {
    const sensitive = demo.assets.filter((a) => a.input.sensitive);
    const stale = demo.assets.filter((a) => a.lastVerifiedDaysAgo !== null && a.lastVerifiedDaysAgo > 366);
    const pending = demo.assets.filter((a) => a.author === 'volunteer');
    expect(sensitive.length).toBeGreaterThanOrEqual(10);
    expect(sensitive.length).toBeLessThanOrEqual(14);
    expect(stale.length).toBe(STALE_COUNT);
    expect(pending.length).toBe(PENDING_COUNT);
    expect(sensitive.every((a) => ['housing', 'family_carer_support', 'lero_peer_support'].includes(a.input.category))).toBe(true);
    expect(sensitive.filter((a) => /refuge/i.test(a.input.name)).length).toBeGreaterThanOrEqual(3);
  });

  test('pending records wait for review; the rest are published, verified and created before verification', () => {
    for (const a of demo.assets) {
      if (a.author === 'volunteer') {
        expect([a.input.publish, a.lastVerifiedDaysAgo]).toEqual([false, null]);
        expect(a.createdDaysAgo).toBeLessThanOrEqual(60);
      } else {
        expect(a.input.publish).toBe(true);
        expect(a.createdDaysAgo).toBeGreaterThanOrEqual(a.lastVerifiedDaysAgo!);
      }
    }
  });
});

describe('places', () => {
  const live = new Map(postcodes.filter((p) => p.terminatedOn === null && p.laCode === 'E08000033').map((p) => [p.postcode, p]));

  const sensitiveSites = new Set(demo.assets.filter((a) => a.input.sensitive).map((a) => a.siteKey));

  test('every ordinary site is a real live Calderdale HX postcode at its own coordinates', () => {
    for (const s of demo.sites.filter((x) => !sensitiveSites.has(x.key))) {
      const p = live.get(s.postcode);
      expect(p).toBeDefined();
      expect([s.lat, s.lng]).toEqual([p!.lat, p!.lng]);
    }
  });

  test('every sensitive site is off its postcode centroid (3–100 m), still nearest to that postcode', () => {
    expect(sensitiveSites.size).toBeGreaterThanOrEqual(10);
    const all = [...live.values()];
    const offsets: number[] = [];
    for (const s of demo.sites.filter((x) => sensitiveSites.has(x.key))) {
      const own = live.get(s.postcode)!;
      const metres = geodesicDistance(s, own);
      offsets.push(metres);
      expect(metres).toBeGreaterThanOrEqual(3);
      expect(metres).toBeLessThanOrEqual(101);
      const nearestOther = Math.min(...all.filter((p) => p.postcode !== s.postcode).map((p) => geodesicDistance(s, p)));
      expect(nearestOther).toBeGreaterThan(metres);
    }
    // Most move well away from the centroid, not a token few metres.
    expect(offsets.filter((m) => m >= 30).length).toBeGreaterThanOrEqual(offsets.length / 2);
  });

  test('Halifax town centre (HX1) has more sites than any other district', () => {
    const perDistrict = new Map<string, number>();
    for (const s of demo.sites) perDistrict.set(s.postcode.split(' ')[0], (perDistrict.get(s.postcode.split(' ')[0]) ?? 0) + 1);
    const [top] = [...perDistrict.entries()].sort((a, b) => b[1] - a[1]);
    expect(top[0]).toBe('HX1');
    expect(perDistrict.size).toBe(7);
  });

  test('some venues host 3–5 assets each (co-location), and sensitive assets are never co-located', () => {
    const perSite = new Map<string, DemoAsset[]>();
    for (const a of demo.assets) perSite.set(a.siteKey, [...(perSite.get(a.siteKey) ?? []), a]);
    const shared = [...perSite.values()].filter((list) => list.length > 1);
    expect(shared.length).toBeGreaterThanOrEqual(8);
    for (const list of shared) {
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.length).toBeLessThanOrEqual(5);
      expect(list.some((a) => a.input.sensitive)).toBe(false);
    }
    expect(demo.sites.length).toBe(perSite.size);
  });
});

describe('realistic detail', () => {
  test('mutual aid meets 1–3 times a week, in the evening or a weekend morning, peer-led and independent', () => {
    for (const a of byCategory('mutual_aid')) {
      const schedule = a.input.schedule!;
      expect(schedule.length).toBeGreaterThanOrEqual(1);
      expect(schedule.length).toBeLessThanOrEqual(3);
      for (const s of schedule) expect(s.start >= '18:00' || ((s.day === 0 || s.day === 6) && s.start <= '11:00')).toBe(true);
      expect(a.input).toMatchObject({ peerLed: true, commissioning: 'independent', participationLevel: 'independent_leadership' });
    }
  });

  test('cafés open in the daytime, apart from evening sober socials', () => {
    for (const a of byCategory('recovery_community')) {
      const evening = /Sober Social/.test(a.input.name);
      for (const start of startsOf(a)) expect(evening ? start >= '17:00' : start < '12:00').toBe(true);
    }
  });

  test('treatment keeps weekday office hours and is commissioned by the local authority', () => {
    for (const a of byCategory('treatment')) {
      expect(a.input.schedule!.map((s) => s.day)).toEqual([1, 2, 3, 4, 5]);
      expect(startsOf(a).every((s) => s === '09:00')).toBe(true);
      expect(a.input.commissioning).toBe('local_authority');
    }
  });

  test('LERO activities sit on the top rungs of the participation ladder', () => {
    const leroKeys = new Set(demo.organisations.filter((o) => o.input.kind === 'lero').map((o) => o.key));
    expect(leroKeys.size).toBe(5);
    for (const a of byCategory('lero_peer_support')) {
      expect(leroKeys.has(a.organisationKey!)).toBe(true);
      expect(['independent_leadership', 'delegated_leadership']).toContain(a.input.participationLevel);
    }
  });

  test('phone numbers are in the range Ofcom keeps for drama, and email is on example.org', () => {
    for (const a of demo.assets) {
      if (a.input.phone) expect(a.input.phone).toMatch(/^01632 960\d{3}$/);
      if (a.input.email) expect(a.input.email).toMatch(/@example\.org$/);
    }
  });

  test('both commissioning kinds, several who-for tags and several learned-from routes appear', () => {
    expect(new Set(demo.assets.map((a) => a.input.commissioning))).toEqual(new Set(['local_authority', 'independent']));
    expect(new Set(demo.assets.flatMap((a) => a.input.whoFor ?? [])).size).toBeGreaterThanOrEqual(8);
    expect(new Set(demo.assets.map((a) => a.input.learnedFrom)).size).toBeGreaterThanOrEqual(5);
  });
});
