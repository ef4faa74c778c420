/**
 * How long a newcomer waits for `npm start` on the embedded engine: the server process
 * from spawn until it logs "ready", on a fresh data folder (PGlite's initdb, PostGIS,
 * migrations, the demo seed) and then a second time on the same folder. Each step's start
 * comes from the server's own timestamped log, so the slow step is named. The client build
 * `npm start` runs first is not counted (it does not depend on the data folder).
 * Prints each run, the medians and the machine's load average before and after.
 *
 *   npx tsx scripts/bench-start.ts [--rounds 3]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, not "${values.rounds}"`);

const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const root = path.resolve(__dirname, '..');

type Step = { atSeconds: number; message: string };
type Start = { wallSeconds: number; steps: Step[] };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the server on `dataDir`, waits for "ready", stops it with SIGTERM and waits for it to exit. */
async function startOnce(dataDir: string): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  // The embedded engine: no DATABASE_URL, whatever the shell that runs the bench has set.
  const { DATABASE_URL: _server, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...env, PORT: String(port), WAYMARK_DATA_DIR: dataDir, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const steps: Step[] = [];
  let output = '';
  const wallSeconds = await new Promise<number>((resolve, reject) => {
    const onLine = (line: string) => {
      const stamped = /^Waymark: \[(\d+(?:\.\d+)?) s\] (.*)$/.exec(line);
      if (stamped) steps.push({ atSeconds: Number(stamped[1]), message: stamped[2] });
      const ready = /^Waymark: ready in (\d+(?:\.\d+)?) s/.exec(line);
      if (ready) {
        steps.push({ atSeconds: Number(ready[1]), message: 'ready' });
        resolve((performance.now() - started) / 1000);
      }
    };
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      output += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { wallSeconds, steps };
}

function describe(label: string, run: Start): void {
  console.log(`  ${label}: ${run.wallSeconds.toFixed(1)} s from spawn to ready`);
  run.steps.forEach((step, i) => {
    const next = run.steps[i + 1];
    const took = next ? ` (${(next.atSeconds - step.atSeconds).toFixed(1)} s)` : '';
    console.log(`    [${step.atSeconds.toFixed(1)} s] ${step.message.slice(0, 90)}${took}`);
  });
}

async function main() {
  console.log(`load average before: ${loadAverage()}`);
  const fresh: number[] = [];
  const second: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-start-'));
    try {
      console.log(`round ${round} (load ${loadAverage()})`);
      const first = await startOnce(dataDir);
      describe('fresh data folder', first);
      const again = await startOnce(dataDir);
      describe('second start', again);
      fresh.push(first.wallSeconds);
      second.push(again.wallSeconds);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(`median of ${rounds}: fresh ${median(fresh).toFixed(1)} s, second start ${median(second).toFixed(1)} s`);
  console.log(`load average after: ${loadAverage()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
