import { inclusionCheck } from './inclusion';
import type { DrawDesign, FrameAsset } from './frame';

const asset = (id: string, category: string, organisationId: string | null = null): FrameAsset => ({ id, category, organisationId, siteIds: [`site-${id}`] });
const design = (over: Partial<DrawDesign>): DrawDesign => ({ pairCount: 2, strata: [{ from: 'treatment', to: 'mutual_aid', count: 2 }], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: null, ...over });

// A1 may be asked about B1, B2, B3; A2 shares an organisation with B1 and B2, so only B3. N = 4.
const frame = [asset('a1', 'treatment'), asset('a2', 'treatment', 'org'), asset('b1', 'mutual_aid', 'org'), asset('b2', 'mutual_aid', 'org'), asset('b3', 'mutual_aid')];

test('a binding cap, worked by hand: π = 1/3 for A1\'s pairs and 1 for A2\'s, against n/N = 1/2', () => {
  // Cap 1, n = 2: the first pair is A1's (prob. 3/4) or A2's (1/4); either way the cap leaves
  // only the other service's pairs for the second. So A1 is contacted once (each of its 3 pairs
  // π = 1/3) and A2's one pair always (π = 1). Ratios to n/N = 0.5: 2/3 and 2; every run alike.
  const check = inclusionCheck(frame, design({ maxContactsPerService: 1 }), 99, 50);
  expect(check.method).toBe('simulation');
  const byAllowed = Object.fromEntries(check.groups.map((g) => [g.allowed, g]));
  expect(byAllowed[3].inclusion).toBeCloseTo(1 / 3, 12);
  expect(byAllowed[1].inclusion).toBeCloseTo(1, 12);
  expect([check.minRatio, check.maxRatio].map((r) => r.toFixed(12))).toEqual([(2 / 3).toFixed(12), '2.000000000000']);
  expect(byAllowed[3].monteCarloSe).toBe(0);
  expect(check.correlationWithAllowed).toBeCloseTo(-1, 12);
  expect(check.unequal).toBe(true);
});

test('no cap: exactly n_h/N_h for every pair; a cap that never binds: equal within Monte Carlo error', () => {
  const none = inclusionCheck(frame, design({}), 1);
  expect(none).toMatchObject({ method: 'exact', runs: 0, minRatio: 1, maxRatio: 1, unequal: false });
  expect(none.groups.every((g) => g.inclusion === 0.5)).toBe(true);
  // Cap 2 with n = 2: no service can be stopped by the cap before the draw ends, so the pairs are a
  // uniform draw of 2 from 4 and π = 1/2 for all. Simulated over 400 runs: within 3 SEs of 1.
  const loose = inclusionCheck(frame, design({ maxContactsPerService: 2 }), 5, 400);
  for (const g of loose.groups) expect(Math.abs(g.ratio - 1)).toBeLessThan(3 * g.monteCarloSe + 1e-9);
  expect(loose.unequal).toBe(false);
});
