/**
 * Mixed load: readers and writers at once against the real app, on each engine.
 *
 *   npm run bench:load -- [--engines embedded,server] [--levels 16,64,200] [--duration 30]
 *   npm run bench:load -- --scenario stall [--rows 20000] [--similar] [--import-only]
 *
 * For each engine: a fresh database (embedded: a temporary folder; server: a new database
 * on BENCH_DATABASE_URL, dropped afterwards), the app started as a child process
 * (`tsx server/main.ts`, demo seeded: 300 assets) so the load generator does not share its
 * event loop. At each level, half the connections read the public listing (anonymous,
 * bbox queries, rotating over four views) and half create assets as a coordinator, for
 * `--duration` seconds with autocannon. Then the app is stopped and the database opened
 * directly, to check that every write the app acknowledged (201) is there.
 * Rate limits are off for the run (it measures capacity, not the limits).
 *
 * `--scenario stall`: instead, /api/health is asked every 100 ms while a `--rows` CSV
 * import (`--similar`: every name "Recovery Group i" at one point) runs as a job, and 2 s
 * after it was accepted (while its duplicate check runs) a gap summary over 250 m cells, a campaign's results and a
 * 500-asset listing are asked, and a 50-asset listing every 500 ms throughout
 * (scripts/lib/bench-stall.ts); prints health p50/p99/max, each one's time, and the
 * listing's p50/p99/max and statuses.
 *
 * BENCH_DB_NAME: the server database's name (default waymark_bench_hardening), made and dropped.
 * BENCH_APP_NODE_ARGS: extra node flags for the app (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
 * to see what holds its event loop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDb } from '../server/db';
import { DEMO_ACCOUNTS } from '../seeds/demo';
import { freshDatabase, type Engine } from './lib/bench-db';
import { stallScenario } from './lib/bench-stall';

type Args = { engines: Engine[]; levels: number[]; durationS: number; scenario: 'mixed' | 'stall'; rows: number; similar: boolean; importOnly: boolean };

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const engines = (get('engines') ?? (process.env.BENCH_DATABASE_URL ? 'embedded,server' : 'embedded')).split(',') as Engine[];
  return {
    engines,
    levels: (get('levels') ?? '16,64,200').split(',').map(Number),
    durationS: Number(get('duration') ?? 30),
    scenario: get('scenario') === 'stall' ? 'stall' : 'mixed',
    rows: Number(get('rows') ?? 20_000),
    similar: argv.includes('--similar'),
    importOnly: argv.includes('--import-only'),
  };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const root = path.resolve(__dirname, '..');
  const child = spawn(process.execPath, [...(process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', WAYMARK_DEMO: 'true', WAYMARK_RATE_LIMITS: 'false', NODE_ENV: 'production', WAYMARK_COOKIE_SECURE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d;
      if (log.includes('Waymark: ready')) resolve();
    };
    child.stdout!.on('data', onData);
    // The app's errors are worth seeing while it runs (a failed job logs why).
    child.stderr!.on('data', (d) => { log += d; process.stderr.write(`app: ${d}`); });
    child.once('exit', (code) => reject(new Error(`app exited ${code}:\n${log}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stopApp(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const coordinator = DEMO_ACCOUNTS.find((a) => a.role === 'coordinator')!;
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: coordinator.email, password: coordinator.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken };
}

type Side = { requests: number; reqPerSec: number; p50Ms: number; p99Ms: number; byStatus: Record<string, number>; errors: number; timeouts: number };

function summarise(r: autocannon.Result): Side {
  const byStatus: Record<string, number> = {};
  for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) byStatus[code] = stat.count ?? 0;
  return { requests: r.requests.total, reqPerSec: r.requests.total / r.duration, p50Ms: r.latency.p50, p99Ms: r.latency.p99, byStatus, errors: r.errors, timeouts: r.timeouts };
}

// Views inside Calderdale (lng,lat): the centre, Halifax, Hebden Bridge, the whole district.
const VIEWS = ['-1.95,53.68,-1.80,53.76', '-1.90,53.70,-1.84,53.74', '-2.05,53.72,-1.98,53.76', '-2.17,53.62,-1.73,53.83'];

async function runLevel(base: string, auth: { cookie: string; csrf: string }, connections: number, durationS: number, acknowledged: Set<string>, tag: string) {
  const readers = Math.max(1, Math.floor(connections / 2));
  const writers = Math.max(1, connections - readers);
  let view = 0;
  let n = 0;
  const read = autocannon({
    url: base,
    connections: readers,
    duration: durationS,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/assets?limit=50&bbox=${VIEWS[view++ % VIEWS.length]}` }) }],
  });
  const write = autocannon({
    url: base,
    connections: writers,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/assets',
        headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf },
        setupRequest: (req) => {
          n++;
          const lat = 53.70 + (n % 50) * 0.001;
          const lng = -1.90 + (n % 37) * 0.002;
          return { ...req, body: JSON.stringify({ name: `Bench ${tag} ${n}`, category: 'social_leisure_arts', clientRequestId: randomUUID(), sites: [{ lat, lng }] }) };
        },
        onResponse: (status, body) => {
          if (status === 201) acknowledged.add(JSON.parse(body).asset.id);
        },
      },
    ],
  });
  const [r, w] = await Promise.all([read, write]);
  return { readers, writers, read: summarise(r), write: summarise(w) };
}

async function countPresent(location: { dataDir: string } | { databaseUrl: string }, ids: string[]): Promise<number> {
  const db = await createDb(location);
  try {
    let present = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const row = await db.knex('asset').whereIn('id', ids.slice(i, i + 1000)).count('* as n').first();
      present += Number(row?.n ?? 0);
    }
    return present;
  } finally {
    await db.close();
  }
}

const fmtStatus = (s: Side) => Object.entries(s.byStatus).map(([k, v]) => `${k}:${v}`).join(' ') + (s.errors ? ` err:${s.errors}` : '') + (s.timeouts ? ` timeout:${s.timeouts}` : '');

async function benchEngine(engine: Engine, args: Args): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const bench = await freshDatabase(engine, adminUrl, engine === 'server' ? (process.env.BENCH_DB_NAME ?? 'waymark_bench_hardening') : undefined);
  console.log(`\n== ${engine}: ${bench.label}`);
  await bench.db.close(); // the app (a child process) opens it
  const env: Record<string, string> = 'dataDir' in bench.location ? { WAYMARK_DATA_DIR: bench.location.dataDir } : { DATABASE_URL: bench.location.databaseUrl };
  const acknowledged = new Set<string>();
  try {
    const { child, base } = await startApp(env);
    try {
      if (args.scenario === 'stall') {
        await stallScenario(base, { rows: args.rows, similar: args.similar, importOnly: args.importOnly });
        return;
      }
      const auth = await signIn(base);
      console.log('conns (read+write) | reads/s  p50 ms  p99 ms  statuses            | writes/s  p50 ms  p99 ms  statuses');
      for (const level of args.levels) {
        const r = await runLevel(base, auth, level, args.durationS, acknowledged, `${engine}-${level}`);
        console.log(
          `${String(level).padStart(5)} (${r.readers}+${r.writers})`.padEnd(19) +
            `| ${r.read.reqPerSec.toFixed(0).padStart(7)} ${String(r.read.p50Ms).padStart(7)} ${String(r.read.p99Ms).padStart(7)}  ${fmtStatus(r.read).padEnd(19)} ` +
            `| ${r.write.reqPerSec.toFixed(0).padStart(8)} ${String(r.write.p50Ms).padStart(7)} ${String(r.write.p99Ms).padStart(7)}  ${fmtStatus(r.write)}`,
        );
      }
    } finally {
      await stopApp(child);
    }
    const present = await countPresent(bench.location, [...acknowledged]);
    console.log(`acknowledged writes: ${acknowledged.size}; present after stopping the app: ${present}; lost: ${acknowledged.size - present}`);
  } finally {
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`bench:load: levels ${args.levels.join(', ')} connections (half readers, half writers), ${args.durationS} s each; engines: ${args.engines.join(', ')}`);
  for (const engine of args.engines) await benchEngine(engine, args);
  console.log('\nreads: GET /api/assets?limit=50&bbox=… anonymous; writes: POST /api/assets as a coordinator. p50/p99: autocannon latency; statuses: count per HTTP status.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
