import type { Knex } from 'knex';

/** Reads and writes of the job table (migration 2026120630). */

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';
export type JobProgress = { phase: string; done: number; total: number };
export type JobError = { code: string; message: string; details?: { field: string; message: string }[] };
export type JobRow = {
  id: string; kind: string; ownerId: string; state: JobState; progress: JobProgress | null; report: unknown; error: JobError | null;
  createdAt: Date; startedAt: Date | null; finishedAt: Date | null;
};

const COLUMNS = ['id', 'kind', 'owner_id as ownerId', 'state', 'progress', 'report', 'error', 'created_at as createdAt', 'started_at as startedAt', 'finished_at as finishedAt'];

export async function insertJob(knex: Knex, job: { id: string; kind: string; ownerId: string }): Promise<void> {
  await knex('job').insert({ id: job.id, kind: job.kind, owner_id: job.ownerId, state: 'queued' });
}

export async function findJob(knex: Knex, id: string): Promise<JobRow | undefined> {
  return knex('job').where({ id }).first(COLUMNS);
}

export async function markRunning(knex: Knex, id: string): Promise<void> {
  await knex('job').where({ id }).update({ state: 'running', started_at: knex.fn.now(), updated_at: knex.fn.now() });
}

export async function saveProgress(knex: Knex, id: string, progress: JobProgress): Promise<void> {
  await knex('job').where({ id, state: 'running' }).update({ progress: JSON.stringify(progress), updated_at: knex.fn.now() });
}

export async function finish(knex: Knex, id: string, outcome: { report: unknown } | { error: JobError }, progress: JobProgress | undefined): Promise<void> {
  await knex('job').where({ id }).update({
    ...(progress ? { progress: JSON.stringify(progress) } : {}),
    state: 'report' in outcome ? 'succeeded' : 'failed',
    report: 'report' in outcome ? JSON.stringify(outcome.report) : null,
    error: 'error' in outcome ? JSON.stringify(outcome.error) : null,
    finished_at: knex.fn.now(),
    updated_at: knex.fn.now(),
  });
}

/** Unfinished jobs not touched for `staleMs` (0: all of them) become failed; how many. */
export async function failStale(knex: Knex, staleMs: number, error: JobError): Promise<number> {
  return knex('job')
    .whereIn('state', ['queued', 'running'])
    .andWhere('updated_at', '<=', knex.raw(`now() - make_interval(secs => ?)`, [staleMs / 1000]))
    .update({ state: 'failed', error: JSON.stringify(error), finished_at: knex.fn.now(), updated_at: knex.fn.now() });
}
