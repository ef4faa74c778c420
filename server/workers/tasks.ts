import path from 'node:path';
import { WorkerPool, defaultPoolSize, type Session } from './pool';

/**
 * The tasks that may run off the event loop: each a pure function named by its module
 * and export. `runInWorker(name, args, size)` runs it in the pool when `size` (the
 * caller's measure of the work: bytes, rows) is at least the task's threshold, and on
 * this thread otherwise (a worker round trip costs a few milliseconds and a copy of the
 * input, more than small work does).
 */
const TASKS = {
  /** csv.ts parseCsv(text), on a worker from 50 kB (~750 rows): 200 kB (3,000 rows) ≈ 77 ms, 1.4 MB (20,000 rows) ≈ 370 ms on the shared 2-core machine. */
  parseCsv: { module: '../interop/files/csv', exportName: 'parseCsv', threshold: 50_000, load: () => import('../interop/files/csv').then((m) => m.parseCsv) },
  /** One category's gap measures (access/analyse.ts gapMeasures) over a grid, on a worker from 20,000 cells: England's 138,000 cells of 500 m took 1–1.5 s each on the shared 2-core machine. */
  gapMeasures: { module: '../access/analyse', exportName: 'gapMeasures', threshold: 20_000, load: () => import('../access/analyse').then((m) => m.gapMeasures) },
  /** access/suggest.ts suggestSites (greedy maximal coverage) over a grid, on a worker from 20,000 cells: about 0.45 s per category on England's 138,000 cells, which held the event loop while the dashboard warmed. */
  suggestSites: { module: '../access/suggest', exportName: 'suggestSites', threshold: 20_000, load: () => import('../access/suggest').then((m) => m.suggestSites) },
} as const;

type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
type FnOf<N extends TaskName> = Awaited<ReturnType<Tasks[N]['load']>>;

let pool: WorkerPool | null = null;

type ResultOf<N extends TaskName> = Awaited<ReturnType<FnOf<N>>>;

export async function runInWorker<N extends TaskName>(name: N, args: Parameters<FnOf<N>>, size: number): Promise<ResultOf<N>> {
  const task = TASKS[name];
  if (size < task.threshold) {
    const fn = (await task.load()) as (...a: unknown[]) => unknown;
    return (await fn(...args)) as ResultOf<N>;
  }
  pool ??= new WorkerPool(defaultPoolSize());
  return pool.run<ResultOf<N>>(path.join(__dirname, task.module), task.exportName, args);
}

/**
 * Sessions (pool.ts Session): a function returning an object whose methods are called in
 * steps, on one worker from the threshold, on this thread below it.
 */
const SESSIONS = {
  /**
   * batch-check.ts startBatchCheck: an import's duplicate check (the pair search and the
   * judging) over its records, sent once, between the check's statements; from 200 records.
   */
  batchCheck: { module: '../assets/duplicates/batch-check', exportName: 'startBatchCheck', threshold: 200, load: () => import('../assets/duplicates/batch-check').then((m) => m.startBatchCheck) },
} as const;

type Sessions = typeof SESSIONS;
type StarterOf<N extends keyof Sessions> = Awaited<ReturnType<Sessions[N]['load']>>;
type StateOf<N extends keyof Sessions> = ReturnType<StarterOf<N>>;

export async function openSession<N extends keyof Sessions>(name: N, args: Parameters<StarterOf<N>>, size: number): Promise<Session<StateOf<N>>> {
  const session = SESSIONS[name];
  if (size >= session.threshold) {
    pool ??= new WorkerPool(defaultPoolSize());
    return pool.open<StateOf<N>>(path.join(__dirname, session.module), session.exportName, args);
  }
  const start = (await session.load()) as (...a: unknown[]) => StateOf<N>;
  const state = start(...args) as unknown as Record<string, (...a: unknown[]) => unknown>;
  let closed = false;
  return {
    call: async (method, ...callArgs) => {
      if (closed) throw new Error('the session was closed');
      return (await state[method](...(callArgs as unknown[]))) as never;
    },
    close: () => { closed = true; },
  };
}

/** Stop the pool's threads (tests' teardown, shutdown); the next task starts a new pool. */
export async function closeWorkers(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
