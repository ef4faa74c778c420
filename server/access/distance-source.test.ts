import Flatbush from 'flatbush';
import { straightLineSource } from './distance-source';

// flatbush is an ES module; jest.config.js compiles it to CommonJS. This proves it loads and indexes.
test('flatbush (ESM-only) loads under ts-jest and answers a k-nearest query', () => {
  const index = new Flatbush(3);
  index.add(0, 0, 0, 0);
  index.add(10, 0, 10, 0);
  index.add(3, 4, 3, 4);
  index.finish();
  expect(index.neighbors(0, 0, 2)).toEqual([0, 2]);
});

// Demand at (0,0) and (1000,0); supply at (300,400) [500 m from the first] and (1000,900).
const demand = [{ x: 0, y: 0 }, { x: 1000, y: 0 }];
const supply = [{ x: 300, y: 400 }, { x: 1000, y: 900 }];
const source = straightLineSource(demand, supply);

test('nearest supply and its straight-line distance', () => {
  expect(source.nearestSupply(0)).toEqual({ index: 0, cost: 500 });
  // From (1000,0): to (300,400) = √(700²+400²) = 806.2 m; to (1000,900) = 900 m.
  expect(source.nearestSupply(1)!.index).toBe(0);
  expect(source.nearestSupply(1)!.cost).toBeCloseTo(806.2258, 3);
});

test('within a limit, inclusive at the edge, in both directions', () => {
  expect(source.suppliesWithin(0, 500).map((r) => r.index)).toEqual([0]);
  expect(source.suppliesWithin(0, 499.9)).toEqual([]);
  expect(source.suppliesWithin(1, 900).map((r) => r.index).sort()).toEqual([0, 1]);
  expect(source.demandsWithin(1, 900)).toEqual([{ index: 1, cost: 900 }]);
});

test('no supply at all: nothing is near', () => {
  const empty = straightLineSource(demand, []);
  expect(empty.nearestSupply(0)).toBeNull();
  expect(empty.suppliesWithin(0, 1e6)).toEqual([]);
});

test('the same module loads under tsx (how the server and scripts run)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const code = `const { straightLineSource } = require(${JSON.stringify(require.resolve('./distance-source'))});
    process.stdout.write(JSON.stringify(straightLineSource([{x:0,y:0}],[{x:3,y:4}]).nearestSupply(0)));`;
  const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), '-e', code], { encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ index: 0, cost: 5 });
});
