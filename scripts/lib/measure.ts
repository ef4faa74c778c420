import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Measurement = {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests that failed: non-2xx answers, socket errors, timeouts (always 0 for the raw loop unless it threw). */
  failures: number;
};

export type LoadShape = { connections: number; durationS: number; warmupS: number };

/** Nearest-rank percentile of values sorted ascending (p in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) throw new Error('no values');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

type AutocannonJson = {
  duration: number;
  requests: { total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
};

/**
 * HTTP load with autocannon in a child process, so the load generator does not share the
 * server's event loop. A warm-up run first (discarded), then the measured run.
 */
export async function measureHttp(url: string, shape: LoadShape): Promise<Measurement> {
  const cli = require.resolve('autocannon');
  const once = async (durationS: number): Promise<AutocannonJson> => {
    const { stdout } = await run(
      process.execPath,
      [cli, '--json', '--no-progress', '-c', String(shape.connections), '-d', String(durationS), url],
      { maxBuffer: 16 * 1024 * 1024, timeout: (durationS + 60) * 1000 },
    );
    return JSON.parse(stdout) as AutocannonJson;
  };
  if (shape.warmupS > 0) await once(shape.warmupS);
  const r = await once(shape.durationS);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    reqPerSec: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures: r.errors + r.timeouts + r.non2xx,
  };
}

/**
 * The same work without HTTP: `connections` loops calling `work` back to back until the
 * time is up, each call timed. The clock is checked before each call, so a run ends at
 * most one call after its duration.
 */
export async function measureLoop(work: () => Promise<unknown>, shape: LoadShape): Promise<Measurement> {
  const loop = async (durationS: number, record: number[] | null) => {
    const deadline = performance.now() + durationS * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await work();
        record?.push(performance.now() - t);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: shape.connections }, worker));
    return (performance.now() - started) / 1000;
  };
  if (shape.warmupS > 0) await loop(shape.warmupS, null);
  const latencies: number[] = [];
  const seconds = await loop(shape.durationS, latencies);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures: 0,
  };
}

/**
 * HTTP load over several paths (the same random boxes or tiles the SQL loop uses), each
 * request taking the next path in turn: autocannon's API in a child process, so the load
 * generator does not share the server's event loop. Warm-up first (discarded).
 */
export async function measureHttpPaths(base: string, paths: readonly string[], shape: LoadShape): Promise<Measurement> {
  const child = `
    const autocannon = require(${JSON.stringify(require.resolve('autocannon'))});
    const [base, durationS, connections] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
    const paths = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    let i = 0;
    autocannon({ url: base, connections, duration: durationS, requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }] }, (err, r) => {
      if (err) { console.error(err); process.exit(1); }
      process.stdout.write(JSON.stringify(r));
    });`;
  const once = async (durationS: number): Promise<AutocannonJson> => {
    const proc = run(process.execPath, ['-e', child, base, String(durationS), String(shape.connections)], { maxBuffer: 64 * 1024 * 1024, timeout: (durationS + 60) * 1000 });
    proc.child.stdin!.end(JSON.stringify(paths));
    return JSON.parse((await proc).stdout) as AutocannonJson;
  };
  if (shape.warmupS > 0) await once(shape.warmupS);
  const r = await once(shape.durationS);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    reqPerSec: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures: r.errors + r.timeouts + r.non2xx,
  };
}

/** The same loop as measureLoop, each call given the next of `inputs` in turn. */
export async function measureLoopOver<T>(inputs: readonly T[], work: (input: T) => Promise<unknown>, shape: LoadShape): Promise<Measurement> {
  let i = 0;
  return measureLoop(() => work(inputs[i++ % inputs.length]), shape);
}
