/**
 * The stall scenario of bench:load: while a large CSV import runs against the app (and,
 * from 2 s after it was accepted, a gap analysis, a large results read and a listing),
 * /api/health is asked every 100 ms; prints its p50, p99 and max latency and how long each
 * of the four took (a 400 for cellSize=100 was what the gap read measured before: 250 m is
 * the smallest cell the route takes).
 */
import { createHash } from 'node:crypto';
import { DEMO_ACCOUNTS } from '../../seeds/demo';

type Auth = { cookie: string; csrf: string };

export async function signInAs(base: string, role: string): Promise<Auth> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken };
}

const SYLLABLES = ['al', 'bra', 'cob', 'dam', 'el', 'fern', 'gor', 'haw', 'ivy', 'jun', 'lar', 'mos', 'oak', 'prim', 'row', 'sor', 'tea', 'wil', 'yar', 'zen', 'quo', 'vex', 'nim', 'kep'];
/** A made-up word from a hash of i: names unlike each other, as real ones mostly are. */
const wordOf = (i: number) => {
  const h = createHash('sha1').update(String(i)).digest();
  const w = [0, 1, 2].map((k) => SYLLABLES[h[k] % SYLLABLES.length]).join('');
  return w[0].toUpperCase() + w.slice(1);
};

/** N rows in Calderdale; `similar`: every name "Recovery Group i" at one postcode's point. */
export function stallCsv(n: number, similar: boolean): string {
  const lines = ['ref,name,category,lat,lng,phone'];
  for (let i = 0; i < n; i++) {
    const lat = similar ? 53.7248 : 53.62 + ((i * 7919) % 2000) / 10_000;
    const lng = similar ? -1.8616 : -2.15 + ((i * 104_729) % 4000) / 10_000;
    const name = similar ? `Recovery Group ${i + 1}` : `${wordOf(i)} ${['Café', 'Group', 'House', 'Club', 'Walk'][i % 5]} ${i}`;
    lines.push(`s${i},${name},mutual_aid,${lat.toFixed(5)},${lng.toFixed(5)},01422 ${String(100000 + i).slice(0, 6)}`);
  }
  return lines.join('\n');
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * Ask `url` every `everyMs` (one request at a time) until stopped; each answer is sorted
 * into a bucket by `classify` (no answer: 'no answer'). Latencies in ms, a failure's too.
 */
function poll(url: string, everyMs: number, init: RequestInit, classify: (status: number, body: string) => string) {
  const latencies: number[] = [];
  const answers = new Map<string, number>();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) }).catch(() => null);
      const body = res ? await res.text().catch(() => '') : '';
      const bucket = res ? classify(res.status, body) : 'no answer';
      answers.set(bucket, (answers.get(bucket) ?? 0) + 1);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      const sorted = [...latencies].sort((a, b) => a - b);
      return { n: sorted.length, answers, p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
    },
  };
}

/** /api/health every 100 ms: 200, 200 saying the database is busy, or a failure. */
const pollHealth = (base: string) => poll(`${base}/api/health`, 100, {}, (status, body) => (status !== 200 ? 'failed' : body.includes('"busy"') ? 'busy' : 'ok'));

/**
 * A reader asking a small listing (which needs the database, unlike health) every 500 ms
 * for as long as the import runs: how long readers wait, and how many are turned away.
 */
const pollReads = (base: string, auth: Auth) => poll(`${base}/api/assets?limit=50`, 500, { headers: { cookie: auth.cookie } }, (status) => String(status));

async function timed(what: () => Promise<string>): Promise<{ ms: number; outcome: string }> {
  const t0 = performance.now();
  const outcome = await what().catch((err: Error) => `error ${err.message}`);
  return { ms: performance.now() - t0, outcome };
}

/** Import as the client does: a job polled to its end when the server offers one, else the synchronous answer. */
async function importFile(base: string, auth: Auth, csv: string, source: string, onTransaction: () => void): Promise<string> {
  const headers = { cookie: auth.cookie, 'x-csrf-token': auth.csrf };
  const put = await fetch(`${base}/api/imports/mappings/${source}`, {
    method: 'PUT', headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ mapping: { externalId: 'ref', name: 'name', category: 'category', lat: 'lat', lng: 'lng', phone: 'phone' } }),
  });
  if (put.status !== 200) throw new Error(`mapping: ${put.status}`);
  const send = () => fetch(`${base}/api/imports/files?source=${source}&mode=valid_only`, {
    method: 'POST', headers: { ...headers, 'content-type': 'text/csv', prefer: 'respond-async' }, body: csv,
  });
  let res = await send();
  // Busy (503 with Retry-After): as the import page's user would, try again.
  for (let tries = 0; res.status === 503 && tries < 20; tries++) {
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 2) * 1000));
    res = await send();
  }
  const body = await res.json();
  if (res.status !== 202) { onTransaction(); return `${res.status} ${body.created ?? body.error?.code} created`; }
  // Reading the file and checking its rows for duplicates come before the write
  // transaction; the job's own progress cannot say when that opens (on the embedded engine
  // asking for it waits for the connection), so these reads start 2 s after the answer,
  // and a listing asked every 500 ms (pollReads) covers the write as well.
  setTimeout(onTransaction, 2000);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const res = await fetch(`${base}${body.job.url}`, { headers }).catch(() => null);
    if (!res || res.status !== 200) continue; // busy: ask again
    const job = await res.json();
    if (job.job.state === 'succeeded') return `job succeeded, ${job.job.report.created} created, ${job.job.report.skipped} skipped`;
    if (job.job.state === 'failed') return `job failed: ${job.job.error?.code}`;
  }
}

async function read(base: string, auth: Auth, path: string): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: { cookie: auth.cookie } });
  const bytes = (await res.arrayBuffer()).byteLength;
  return `${res.status}, ${(bytes / 1000).toFixed(0)} kB`;
}

export async function stallScenario(base: string, opts: { rows: number; similar: boolean; importOnly: boolean }): Promise<void> {
  const coordinator = await signInAs(base, 'coordinator');
  const commissioner = await signInAs(base, 'commissioner');
  const campaigns = await (await fetch(`${base}/api/campaigns`)).json();
  const campaignId = (campaigns.campaigns ?? campaigns)[0]?.id;
  const csv = stallCsv(opts.rows, opts.similar);
  const health = pollHealth(base);
  const reads = pollReads(base, coordinator);
  await new Promise((r) => setTimeout(r, 500));
  const skipped = async () => ({ ms: 0, outcome: 'not run (--import-only)' });
  let inTransaction!: () => void;
  const transactionOpen = new Promise<void>((resolve) => { inTransaction = resolve; });
  const duringImport = (what: () => Promise<string>) => (opts.importOnly ? skipped() : transactionOpen.then(() => timed(what)));
  const [imp, gaps, results, listing] = await Promise.all([
    timed(() => importFile(base, coordinator, csv, `stall${Date.now()}`, inTransaction)),
    duringImport(() => read(base, commissioner, '/api/gaps/summary?cellSize=250')),
    duringImport(() => read(base, commissioner, campaignId ? `/api/campaigns/${campaignId}/results` : '/api/campaigns')),
    duringImport(() => read(base, coordinator, '/api/assets?limit=500')),
  ]);
  const [h, r] = await Promise.all([health.stop(), reads.stop()]);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`${opts.rows.toLocaleString()}-row import${opts.similar ? ' (similar names, one point)' : ''}: ${s(imp.ms)} (${imp.outcome})`);
  console.log(`started 2 s into the import: gap summary (cellSize=250): ${s(gaps.ms)} (${gaps.outcome}); campaign results: ${s(results.ms)} (${results.outcome}); asset listing (500): ${s(listing.ms)} (${listing.outcome})`);
  const statuses = [...r.answers].map(([status, n]) => `${n} × ${status}`).join(', ');
  console.log(`a 50-asset listing every 500 ms meanwhile: ${r.n} asks, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; ${statuses}`);
  console.log(`/api/health meanwhile: ${h.n} asks, p50 ${h.p50.toFixed(0)} ms, p99 ${h.p99.toFixed(0)} ms, max ${h.max.toFixed(0)} ms, ${(h.answers.get('failed') ?? 0) + (h.answers.get('no answer') ?? 0)} not 200, ${h.answers.get('busy') ?? 0} answered database busy`);
}
