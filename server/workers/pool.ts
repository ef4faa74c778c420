import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads for CPU-heavy pure functions (CSV parsing of a large
 * file, the duplicate pair search), so the event loop keeps answering requests (health,
 * static pages, other API calls) while they run. Tasks are named in tasks.ts (module
 * path + export name); input and output cross by structured clone, so only plain data.
 *
 * Workers cannot load TypeScript on their own, under `tsx` (npm start) or under jest, so
 * each starts from a few lines of JavaScript that register tsx's CommonJS hook and then
 * require the task's .ts module. Workers are unref'd: an idle pool never keeps the
 * process (or a jest run) alive.
 */
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; busy: boolean };
type Queued = { modulePath: string; exportName: string; args: unknown[]; pending: Pending };

const BOOTSTRAP = `
const { parentPort } = require('node:worker_threads');
require('tsx/cjs/api').register();
parentPort.on('message', async ({ id, modulePath, exportName, args }) => {
  try {
    const fn = require(modulePath)[exportName];
    if (typeof fn !== 'function') throw new Error(modulePath + ' has no function ' + exportName);
    parentPort.postMessage({ id, ok: true, value: await fn(...args) });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: { name: err && err.name, message: String(err && err.message || err) } });
  }
});
`;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly assigned = new Map<Worker, number>();
  private nextId = 1;

  constructor(private readonly size: number) {}

  run<T>(modulePath: string, exportName: string, args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ modulePath: path.resolve(modulePath), exportName, args, pending: { resolve: resolve as (v: unknown) => void, reject } });
      this.dispatch();
    });
  }

  /** Stop every worker (tests, shutdown); queued and running tasks are rejected. */
  async close(): Promise<void> {
    const workers = this.slots.splice(0).map((s) => s.worker);
    for (const q of this.queue.splice(0)) q.pending.reject(new Error('the worker pool closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      this.pending.set(id, task.pending);
      this.assigned.set(slot.worker, id);
      slot.worker.ref();
      slot.worker.postMessage({ id, modulePath: task.modulePath, exportName: task.exportName, args: task.args });
    }
  }

  private spawn(): Slot {
    // No inherited --import/--require hooks: the bootstrap registers what it needs.
    const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [] });
    const slot: Slot = { worker, busy: false };
    worker.unref();
    worker.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: { name: string; message: string } }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      this.assigned.delete(worker);
      slot.busy = false;
      worker.unref();
      if (p) {
        if (msg.ok) p.resolve(msg.value);
        else p.reject(Object.assign(new Error(msg.error!.message), { name: msg.error!.name }));
      }
      this.dispatch();
    });
    const fail = (err: Error) => {
      const id = this.assigned.get(worker);
      this.assigned.delete(worker);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (id !== undefined) {
        this.pending.get(id)?.reject(err);
        this.pending.delete(id);
      }
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}

/** Cores − 1 (at least 1): the main thread keeps a core for requests and the embedded database. */
export const defaultPoolSize = () => Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) - 1);
