import { parseCsv } from '../interop/files/csv';
import { DEFAULT_OPTIONS, gapMeasures } from '../access/analyse';
import { suggestSites } from '../access/suggest';
import { WorkerPool } from './pool';
import { closeWorkers, runInWorker } from './tasks';

afterAll(() => closeWorkers());

const csv = ['ref,name,note', ...Array.from({ length: 20_000 }, (_, i) => `r${i},"Group, ${i}",note ${i}`)].join('\n');

describe('runInWorker', () => {
  it('parses a large CSV in a worker thread to the same table as on this thread', async () => {
    expect(csv.length).toBeGreaterThan(50_000); // above the threshold: it goes to a worker
    const table = await runInWorker('parseCsv', [csv], csv.length);
    expect(table).toEqual(parseCsv(csv));
    expect(table.records[19_999]).toEqual({ ref: 'r19999', name: 'Group, 19999', note: 'note 19999' });
  });

  it('computes the same gap measures in a worker as on this thread', async () => {
    // 400 cells 500 m apart, a supply point at two corners; sized as a large grid so it goes to a worker.
    const cells = Array.from({ length: 400 }, (_, i) => ({ x: (i % 20) * 500, y: Math.floor(i / 20) * 500, population: 100 + (i % 7) * 10, imdDecile: 1 + (i % 10), deprivationWeight: 1 + (i % 3) / 2, mostDeprivedPopulation: i % 10 === 0 ? 100 : 0 }));
    const input = { cells, supply: [{ x: 0, y: 0, capacity: 1 }, { x: 9500, y: 9500, capacity: 1 }], options: DEFAULT_OPTIONS };
    const inWorker = await runInWorker('gapMeasures', [input], 20_000);
    expect(inWorker).toEqual(gapMeasures(input));
    expect(inWorker.countWithin[0]).toBe(1);
    expect(inWorker.gap.some(Boolean)).toBe(true);
  });

  it('suggests the same sites in a worker as on this thread', async () => {
    // A 20 × 20 grid 500 m apart, the corner cell already covered; sized as a large grid so it goes to a worker.
    const cells = Array.from({ length: 400 }, (_, i) => ({ x: (i % 20) * 500, y: Math.floor(i / 20) * 500, population: 100 + (i % 7) * 10, imdDecile: 1 + (i % 10), deprivationWeight: 1 + (i % 3) / 2, mostDeprivedPopulation: i % 10 === 0 ? 100 : 0 }));
    const covered = cells.map((_, i) => i === 0);
    const inWorker = await runInWorker('suggestSites', [cells, covered, cells, 1000, 3], 20_000);
    expect(inWorker).toEqual(suggestSites(cells, covered, cells, 1000, 3));
    expect(inWorker).toHaveLength(3);
    expect(inWorker[0].newlyCovered.length).toBeGreaterThan(0);
  });

  it('runs small work on this thread (below the threshold) with the same answer', async () => {
    await expect(runInWorker('parseCsv', ['a,b\n1,2'], 7)).resolves.toEqual({ headers: ['a', 'b'], records: [{ a: '1', b: '2' }] });
  });
});

describe('WorkerPool', () => {
  it("passes a task's error back to the caller and keeps working", async () => {
    const pool = new WorkerPool(1);
    try {
      await expect(pool.run(require.resolve('../interop/files/csv'), 'parseCsv', ['a,"b\n1,2'])).rejects.toThrow(/quote/i);
      await expect(pool.run(require.resolve('../interop/files/csv'), 'noSuchExport', [])).rejects.toThrow(/has no function noSuchExport/);
      await expect(pool.run(require.resolve('../interop/files/csv'), 'parseCsv', ['x\n1'])).resolves.toEqual({ headers: ['x'], records: [{ x: '1' }] });
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool sessions', () => {
  const module = require.resolve('../assets/duplicates/batch-check');
  const columns = { ids: ['a'], names: ['Oak Walk'], status: ['pending'], lat: Float64Array.of(53.7), lng: Float64Array.of(-1.9), category: [null], phone: [null], email: [null], website: [null], organisationId: [null], days: [null] };

  it("passes a method's error back, keeps the session, and frees the worker when closed", async () => {
    const pool = new WorkerPool(1);
    try {
      const session = pool.open<{ wordsToCount(): string[]; noSuchMethod(): void }>(module, 'startBatchCheck', [columns]);
      await expect(session.call('noSuchMethod')).rejects.toThrow(/has no method noSuchMethod/);
      await expect(session.call('wordsToCount')).resolves.toEqual(expect.arrayContaining(['oak', 'walk']));
      session.close();
      await expect(session.call('wordsToCount')).rejects.toThrow(/closed/);
      // The one worker is free again for a task.
      await expect(pool.run(require.resolve('../interop/files/csv'), 'parseCsv', ['x\n1'])).resolves.toEqual({ headers: ['x'], records: [{ x: '1' }] });
    } finally {
      await pool.close();
    }
  });

  it('rejects the calls of a session whose function fails', async () => {
    const pool = new WorkerPool(1);
    try {
      const session = pool.open<{ wordsToCount(): string[] }>(module, 'noSuchExport', []);
      await expect(session.call('wordsToCount')).rejects.toThrow(/has no function noSuchExport/);
      await expect(pool.run(require.resolve('../interop/files/csv'), 'parseCsv', ['x\n1'])).resolves.toEqual({ headers: ['x'], records: [{ x: '1' }] });
    } finally {
      await pool.close();
    }
  });
});
