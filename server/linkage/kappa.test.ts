import { cohenKappa } from './kappa';

/** Expand a contingency table (rows: first coder, columns: second) into coded items. */
function fromTable<T>(codes: T[], table: number[][]): [T, T][] {
  const items: [T, T][] = [];
  table.forEach((row, i) => row.forEach((count, j) => { for (let k = 0; k < count; k++) items.push([codes[i], codes[j]]); }));
  return items;
}

test('2×2 by hand: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no', () => {
  // p_o = 35/50 = 0.7; first coder yes 25/50, second yes 30/50;
  // p_e = 0.5 × 0.6 + 0.5 × 0.4 = 0.5; κ = (0.7 − 0.5) / 0.5 = 0.4.
  const k = cohenKappa(fromTable([true, false], [[20, 5], [10, 15]]));
  expect(k.n).toBe(50);
  expect(k.observed).toBeCloseTo(0.7, 12);
  expect(k.expected).toBeCloseTo(0.5, 12);
  expect(k.kappa).toBeCloseTo(0.4, 12);
});

test('3×3 by hand: 100 items over codes 0, 1, 2', () => {
  // Table rows (first coder) 0: [20, 5, 5]; 1: [5, 25, 5]; 2: [0, 5, 30].
  // p_o = 75/100; row totals 30, 35, 35; column totals 25, 35, 40;
  // p_e = .30 × .25 + .35 × .35 + .35 × .40 = .075 + .1225 + .14 = .3375;
  // κ = (.75 − .3375) / (1 − .3375) = .4125 / .6625 = 0.622641509…
  const k = cohenKappa(fromTable([0, 1, 2], [[20, 5, 5], [5, 25, 5], [0, 5, 30]]));
  expect(k.observed).toBeCloseTo(0.75, 12);
  expect(k.expected).toBeCloseTo(0.3375, 12);
  expect(k.kappa).toBeCloseTo(0.4125 / 0.6625, 12);
  expect(k.kappa).toBeCloseTo(0.6226415, 6);
});

test('perfect agreement is 1; agreement at chance level is 0; no items or one code throughout is null', () => {
  expect(cohenKappa(fromTable([0, 1], [[3, 0], [0, 7]])).kappa).toBeCloseTo(1, 12);
  // Each coder 50/50 and independent: p_o = p_e = 0.5.
  expect(cohenKappa(fromTable([0, 1], [[5, 5], [5, 5]])).kappa).toBeCloseTo(0, 12);
  expect(cohenKappa([]).kappa).toBeNull();
  expect(cohenKappa([[2, 2], [2, 2]]).kappa).toBeNull();
});
