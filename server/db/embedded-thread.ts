import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results } from '@electric-sql/pglite';
import type { EmbeddedCall, EmbeddedErrorFields, EmbeddedOpen, EmbeddedReply } from './embedded-worker';

/**
 * The embedded engine, run on a thread of its own. PGlite executes each statement
 * synchronously on the thread that calls it: in-process, an import's 1,000-row inserts
 * (0.4–1.6 s each, masking triggers and all) held the event loop, and /api/health waited
 * behind them (p99 2.2 s, max 47 s, bench:load --scenario stall). Here PGlite lives in
 * embedded-worker.ts and this object is the connection knex-pglite is given: it has the
 * members that dialect uses (waitReady, query, close) and forwards each call as a message.
 * knex's pool holds this one connection and sends one statement at a time, as before;
 * transactions are BEGIN/COMMIT statements on it, so they are unchanged.
 *
 * The worker cannot load TypeScript alone (under tsx for npm start, under jest), so it
 * starts from a few lines of JavaScript that register tsx's CommonJS hook first, as the
 * task pool does (server/workers/pool.ts). It is unref'd while idle, so a handle nobody
 * closed does not keep a script alive (as an in-process PGlite did not).
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
require(workerData.tsxCjsApi).register();
require(workerData.modulePath);
`;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type QueryCall = { sql: string; params?: unknown[]; options?: QueryOptions & { name?: string } };

export class EmbeddedThread {
  /** Settles when the database is open (or failed to open); knex-pglite awaits it before its first query. */
  readonly waitReady: Promise<void>;
  closed = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(target: EmbeddedOpen) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      // No inherited --import/--require hooks (jest's, tsx's ESM loader): the bootstrap registers what it needs.
      execArgv: [],
      workerData: { target, modulePath: path.join(__dirname, 'embedded-worker.ts'), tsxCjsApi: require.resolve('tsx/cjs/api') },
    });
    this.waitReady = new Promise<void>((resolve, reject) => this.pending.set(0, { resolve: () => resolve(), reject }));
    this.waitReady.catch(() => {}); // the caller of createDb awaits it; no unhandled rejection besides
    this.worker.on('message', (reply: EmbeddedReply) => this.settle(reply));
    this.worker.on('error', (err) => this.stop(err));
    this.worker.on('exit', (code) => this.stop(new Error(`the embedded database thread stopped (exit ${code})`)));
  }

  query(sql: string, params?: unknown[], options?: QueryOptions & { name?: string }): Promise<Results> {
    const call: QueryCall = { sql };
    if (params?.length) call.params = params;
    if (options && Object.keys(options).length) call.options = options;
    return (this.call({ op: 'query', ...call }) as Promise<Results>).then(withLocalDates);
  }

  /** The data directory as a gzipped tarball (PGlite's dumpDataDir), for tests' shared base. */
  async dump(): Promise<Buffer> {
    return Buffer.from((await this.call({ op: 'dump' })) as ArrayBuffer);
  }

  /** Close the database (flushing it) and end the thread; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.stopped) await this.call({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private call(message: { op: 'query'; sql: string; params?: unknown[]; options?: QueryOptions } | { op: 'dump' } | { op: 'close' }): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.worker.postMessage({ id, ...message } as EmbeddedCall);
      } catch (err) {
        reject(err as Error); // a value that cannot be cloned (a function): refused like a bad query
        return;
      }
      this.worker.ref(); // a call in flight keeps the process alive until its answer
      this.pending.set(id, { resolve, reject });
    });
  }

  private settle(reply: EmbeddedReply): void {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!pending) return;
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(rebuildError(reply.error));
  }

  private stop(err: Error): void {
    this.stopped ??= err;
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(err);
    this.pending.clear();
  }
}

// date, timestamp, timestamptz and their arrays.
const DATE_OIDS = new Set([1082, 1114, 1184, 1182, 1115, 1185]);
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
const localDate = (v: unknown): unknown => (v instanceof Date ? v : isDate(v) ? new Date(v.getTime()) : Array.isArray(v) ? v.map(localDate) : v);

/**
 * Dates arrive built by the process's own Date; under jest a module's Date is another
 * realm's, and `instanceof Date` (zod's z.date() among others) refuses them. Rebuilt with
 * this module's Date when they differ: a no-op outside jest (every value passes the
 * instanceof test), and only date columns are looked at.
 */
function withLocalDates(results: Results): Results {
  const columns = results.fields?.filter((f) => DATE_OIDS.has(f.dataTypeID)).map((f) => f.name) ?? [];
  if (!columns.length) return results;
  for (const row of results.rows as Record<string, unknown>[]) {
    for (const c of columns) if (c in row && row[c] !== null && !(row[c] instanceof Date)) row[c] = localDate(row[c]);
  }
  return results;
}

/**
 * The error PGlite threw, rebuilt on this side with every field it carried (code,
 * constraint, detail, table, column, …: db/errors.ts reads them) and its own stack.
 */
function rebuildError(fields: EmbeddedErrorFields): Error {
  const { message, name, stack, ...rest } = fields;
  const err = Object.assign(new Error(message), rest);
  if (name) err.name = name;
  if (stack) err.stack = stack;
  return err;
}
