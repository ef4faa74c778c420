import os from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

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
type Queued = { modulePath: string; exportName: string; args: unknown[]; pending: Pending; port?: MessagePort };

/**
 * A stateful task on one worker: `call` runs a method of the object the task's function
 * returned, there, with plain-data arguments; the worker is the session's until `close`.
 * For work in steps with database statements between them: what the steps share (a
 * batch's records, what was worked out from them) crosses once, and a step may run while
 * the caller waits on the database.
 */
export type Session<T> = {
  call<M extends MethodOf<T>>(method: M, ...args: ArgsOf<T, M>): Promise<Awaited<ReturnOf<T, M>>>;
  close(): void;
};
type MethodOf<T> = { [K in keyof T]: T[K] extends (...a: never[]) => unknown ? K : never }[keyof T] & string;
type ArgsOf<T, M extends keyof T> = T[M] extends (...a: infer A) => unknown ? A : never;
type ReturnOf<T, M extends keyof T> = T[M] extends (...a: never[]) => infer R ? R : never;

const BOOTSTRAP = `
const { parentPort } = require('node:worker_threads');
require('tsx/cjs/api').register();
const errorOf = (err) => ({ name: err && err.name, message: String(err && err.message || err) });
// A session: the function returns an object whose methods the caller calls over \`port\`
// (each call answered in turn) until it closes the port; then the task is done.
const serve = (state, port) => new Promise((resolve) => {
  port.on('message', async ({ call, method, args }) => {
    try {
      if (typeof state[method] !== 'function') throw new Error('the session has no method ' + method);
      port.postMessage({ call, ok: true, value: await state[method](...args) });
    } catch (err) {
      port.postMessage({ call, ok: false, error: errorOf(err) });
    }
  });
  port.on('close', resolve);
});
parentPort.on('message', async ({ id, modulePath, exportName, args, port }) => {
  try {
    const fn = require(modulePath)[exportName];
    if (typeof fn !== 'function') throw new Error(modulePath + ' has no function ' + exportName);
    const value = await fn(...args);
    if (port) await serve(value, port);
    parentPort.postMessage({ id, ok: true, value: port ? undefined : value });
  } catch (err) {
    if (port) port.close();
    parentPort.postMessage({ id, ok: false, error: errorOf(err) });
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

  /** A session (see Session) of the object `exportName(...args)` returns, on one worker. */
  open<T>(modulePath: string, exportName: string, args: unknown[]): Session<T> {
    const { port1, port2 } = new MessageChannel();
    const calls = new Map<number, Pending>();
    let nextCall = 1;
    let failure: Error | null = null;
    const fail = (err: Error) => {
      failure ??= err;
      for (const p of calls.values()) p.reject(failure);
      calls.clear();
      port1.close();
    };
    port1.on('message', (msg: { call: number; ok: boolean; value?: unknown; error?: { name: string; message: string } }) => {
      const p = calls.get(msg.call);
      calls.delete(msg.call);
      if (msg.ok) p?.resolve(msg.value);
      else p?.reject(Object.assign(new Error(msg.error!.message), { name: msg.error!.name }));
    });
    // The task settles when the session ends: early only if the function threw or the worker died.
    new Promise<unknown>((resolve, reject) => {
      this.queue.push({ modulePath: path.resolve(modulePath), exportName, args, port: port2, pending: { resolve, reject } });
      this.dispatch();
    }).then(() => fail(new Error('the session has ended')), fail);
    return {
      call: (method, ...callArgs) => new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const call = nextCall++;
        calls.set(call, { resolve: resolve as (v: unknown) => void, reject });
        port1.postMessage({ call, method, args: callArgs });
      }),
      close: () => fail(new Error('the session was closed')),
    };
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
      slot.worker.postMessage({ id, modulePath: task.modulePath, exportName: task.exportName, args: task.args, port: task.port }, task.port ? [task.port] : []);
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
