/**
 * What parsing rows where they enter costs (zod, server/assets/repo.ts and
 * server/assets/duplicates/repo.ts): a listing page of 100 asset rows with two sites each,
 * an import's 5,000-row lookup batch, and one 2,000-pair scoring chunk. Prints the median
 * of 50 rounds each. `npx tsx scripts/bench-row-parse.ts`
 */
import { assetRows } from '../server/assets/repo';
import { batchPairRows } from '../server/assets/duplicates/repo';

const site = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, sensitive: n % 7 === 0, venueName: 'Square Chapel', address: '10 Square Road',
  postcode: 'HX1 1QG', lat: 53.72 + n * 1e-5, lng: -1.86, gridLat: 53.7205, gridLng: -1.8605, maskPrecision: 'grid_1km',
});
const asset = (n: number) => ({
  id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`, version: 3, name: `Calder Recovery Café ${n}`, description: 'Tea, toast and peer support.',
  organisationId: null, organisationName: null, organisationStatus: null, category: 'recovery_community', tags: ['cafe', 'peer support'], sensitive: false,
  phone: '01422 000111', email: 'hello@example.org', website: 'https://example.org', schedule: [{ day: 1, start: '10:00', end: '12:00', note: null }],
  scheduleNotes: null, whoFor: ['women'], selfReferral: true, professionalReferral: null, wheelchairAccess: true, cost: 'free', costNotes: null, peerLed: true,
  commissioning: 'independent', participationLevel: null, status: 'published', statusReason: null, learnedFrom: 'import', mergedInto: null,
  createdBy: null, createdAt: new Date(), updatedAt: new Date(), publishedAt: new Date(), lastVerifiedAt: null, lastVerifiedBy: null, stale: false,
  sites: [site(2 * n), site(2 * n + 1)],
});
const pair = (n: number) => ({ earlier: n, later: n + 1, trigram: 0.61, distanceMetres: 412.5 });

function median(f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[25];
}

const page = Array.from({ length: 100 }, (_, n) => asset(n));
const batch = Array.from({ length: 5000 }, (_, n) => asset(n));
const pairs = Array.from({ length: 2000 }, (_, n) => pair(n));
for (let i = 0; i < 20; i++) assetRows.parse(page); // warm-up
console.log(`listing page, 100 assets:   ${median(() => assetRows.parse(page)).toFixed(3)} ms`);
console.log(`import lookup, 5,000 assets: ${median(() => assetRows.parse(batch)).toFixed(2)} ms`);
console.log(`pair chunk, 2,000 pairs:     ${median(() => batchPairRows.parse(pairs)).toFixed(3)} ms`);
