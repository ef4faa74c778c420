import { linkNetwork, type NetworkPair } from './index';

const reached = (a: string, b: string, outcome: number): NetworkPair => ({ a, b, status: 'reached', outcome });
const nodes = ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => ({ id, name: `Service ${id}` }));

/**
 * Hand-worked network: links A→B, B→C, C→A (a 3-cycle), C→D, and B→A (mutual with A→B).
 * E was asked about but only got outcome 1 (no link); F's pair was unreachable.
 */
const pairs: NetworkPair[] = [
  reached('A', 'B', 3), reached('B', 'C', 2), reached('C', 'A', 2), reached('C', 'D', 3), reached('B', 'A', 2),
  reached('D', 'E', 1), { a: 'F', b: 'A', status: 'unreachable', outcome: null },
  reached('D', 'C', 0), // tested C→D and D→C: only one direction links
  { a: 'E', b: 'F', status: 'open', outcome: null },
];

test('counts, density and degree by hand', () => {
  const net = linkNetwork(nodes, pairs);
  expect(net.nodes).toBe(6);
  expect(net.edges).toBe(5);
  expect(net.density).toBeCloseTo(5 / (6 * 5), 12);
  const deg = Object.fromEntries(net.degree.map((d) => [d.assetId, [d.inDegree, d.outDegree]]));
  expect(deg).toEqual({ A: [2, 1], B: [1, 2], C: [1, 2], D: [1, 0], E: [0, 0], F: [0, 0] });
});

test('reciprocity only over dyads tested both ways: A↔B mutual; C→D one-way; so 1 of 2', () => {
  const net = linkNetwork(nodes, pairs);
  expect(net.reciprocity).toMatchObject({ testedBothWays: 2, withAnyLink: 2, mutual: 1 });
  expect(net.reciprocity.rate.estimate).toBe(0.5);
});

test('weak and strong components, isolated services', () => {
  const net = linkNetwork(nodes, pairs);
  // Weak: {A,B,C,D}, {E}, {F}. Strong: {A,B,C}, {D}, {E}, {F}.
  expect(net.weakComponents).toEqual({ count: 3, largest: 4, sizes: [4, 1, 1] });
  expect(net.strongComponents).toEqual({ count: 4, largest: 3, sizes: [3, 1, 1, 1] });
  expect(net.isolated.map((i) => i.assetId).sort()).toEqual(['E', 'F']);
});

test('betweenness by hand: shortest paths through C and B', () => {
  // Ordered pairs with a path (s ≠ t, both not the middle): every path into D goes through C.
  // A→C: A→B→C (via B). A→D: A→B→C→D (via B, C). B→D: B→C→D (via C). C→B: C→A→B (via A).
  // B→A direct; C→A direct; A→B direct; B→C direct; C→D direct.
  // Raw: A 1 (C→B), B 2 (A→C, A→D), C 2 (A→D, B→D). Normalised by (n − 1)(n − 2) = 20.
  const net = linkNetwork(nodes, pairs);
  const b = Object.fromEntries(net.brokers.map((x) => [x.assetId, x.betweenness]));
  expect(b).toEqual({ B: 2 / 20, C: 2 / 20, A: 1 / 20 });
  expect(net.brokers.map((x) => x.assetId)).toEqual(['B', 'C', 'A']); // ties by name
});

test('a threshold of 1 counts "knew of" as a link', () => {
  const net = linkNetwork(nodes, pairs, 1);
  expect(net.edges).toBe(6);
  expect(net.isolated.map((i) => i.assetId)).toEqual(['F']);
});

test('empty and tiny networks', () => {
  expect(linkNetwork([], []).density).toBeNull();
  expect(linkNetwork([{ id: 'A', name: 'A' }], []).brokers).toEqual([]);
});

test('a campaign with no link yet: no brokers, no error', () => {
  const net = linkNetwork(nodes, [reached('A', 'B', 0), { a: 'C', b: 'D', status: 'unreachable', outcome: null }]);
  expect(net.edges).toBe(0);
  expect(net.brokers).toEqual([]);
  expect(net.isolated.map((i) => i.assetId).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
});
