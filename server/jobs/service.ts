import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Viewer } from '../auth/viewer';
import { HttpError, notFound } from '../http/errors';
import { translateDbError } from '../db/errors';
import * as repo from './repo';
import type { JobError, JobProgress, JobRow } from './repo';

/**
 * Background jobs: long work (a 20,000-row import) answered at once with a job's URL and
 * run after the answer, one job at a time per process, so requests keep their turn. The
 * job's progress lives in memory while it runs (the embedded engine's one connection is
 * held by the import's transaction, so a progress row written there would wait for the
 * end) and is copied to the job row at most once a second, never waited for; the outcome
 * is written when it ends.
 */
export type JobWork<R> = (progress: (p: JobProgress) => void) => Promise<R>;
export type JobView = {
  id: string; kind: string; state: repo.JobState; progress: JobProgress | null; report: unknown; error: JobError | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null; url: string;
};

const PROGRESS_WRITE_MS = 1000;
/** A running job's row is touched at least this often (see failInterruptedJobs). */
const HEARTBEAT_MS = 30_000;
const live = new Map<string, JobProgress>();
let queue: Promise<void> = Promise.resolve();
const running = new Set<Promise<void>>();

export const jobUrl = (id: string) => `/api/jobs/${id}`;

const errorOf = (err: unknown): JobError => {
  const translated = translateDbError(err);
  if (translated) return errorOf(translated);
  if (err instanceof HttpError) return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  console.error('job failed', err);
  return { code: 'internal', message: 'The job failed unexpectedly; nothing it would have written was kept.' };
};

/** Record a job for `viewer` and queue `work`; returns at once with the job (queued). */
export async function startJob<R>(knex: Knex, viewer: Viewer, kind: string, work: JobWork<R>): Promise<JobView> {
  if (!viewer.user) throw new Error('jobs need a signed-in owner');
  const id = randomUUID();
  await repo.insertJob(knex, { id, kind, ownerId: viewer.user.id });
  const run = queue.then(() => runJob(knex, id, work));
  queue = run;
  running.add(run);
  void run.finally(() => running.delete(run));
  return view((await repo.findJob(knex, id))!);
}

async function runJob<R>(knex: Knex, id: string, work: JobWork<R>): Promise<void> {
  let lastWrite = 0;
  let writing: Promise<void> | null = null;
  const save = (p: JobProgress) => {
    live.set(id, p);
    const now = Date.now();
    if (writing || now - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = now;
    writing = repo.saveProgress(knex, id, p).catch(() => {}).finally(() => { writing = null; });
  };
  const heartbeat = setInterval(() => save(live.get(id) ?? { phase: 'starting', done: 0, total: 0 }), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    await repo.markRunning(knex, id);
    const report = await work(save);
    await writing;
    await repo.finish(knex, id, { report }, live.get(id));
  } catch (err) {
    await writing;
    await repo.finish(knex, id, { error: errorOf(err) }, live.get(id)).catch((e) => console.error('could not record a failed job', e));
  } finally {
    clearInterval(heartbeat);
    live.delete(id);
  }
}

/**
 * Work that follows an answer and must not delay or fail it (a dashboard snapshot after a
 * campaign closes). Counted with the jobs, so settled() waits for it too: tests and a
 * shutdown see its writes land, never half-way through something else.
 */
export function inBackground(what: string, task: () => Promise<unknown>): void {
  const run = task().then(() => {}, (err) => console.error(`${what} failed:`, err));
  running.add(run);
  void run.finally(() => running.delete(run));
}

/** Every job this process has started has ended (tests, shutdown). */
export async function settled(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

function view(row: JobRow): JobView {
  return {
    id: row.id, kind: row.kind, state: row.state, progress: live.get(row.id) ?? row.progress, report: row.report, error: row.error,
    createdAt: row.createdAt, startedAt: row.startedAt, finishedAt: row.finishedAt, url: jobUrl(row.id),
  };
}

/** A job, for its owner and admins; anyone else is told it does not exist. */
export async function getJob(knex: Knex, viewer: Viewer, id: string): Promise<JobView> {
  const row = await repo.findJob(knex, id);
  if (!row || !viewer.user || (row.ownerId !== viewer.user.id && viewer.user.role !== 'admin')) throw notFound('Job');
  return view(row);
}

/**
 * At start-up: jobs a previous process was running when it stopped will never end, so
 * they are marked failed (their writes were one transaction, so nothing of them is kept).
 * `staleMs`: only those not touched for that long (0 when no other instance can be
 * running one: the embedded engine's data folder admits one process).
 */
export async function failInterruptedJobs(knex: Knex, staleMs: number): Promise<number> {
  return repo.failStale(knex, staleMs, { code: 'interrupted', message: 'The server restarted while this job ran; nothing of it was kept. Start it again.' });
}
