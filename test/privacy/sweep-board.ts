import fs from 'node:fs';
import { CHROMIUM_PATH, ensureClientBuilt } from '../browser/support';
import { pdfPages } from '../pdf-text';
import type { Client } from '../harness';
import type { Observation, RouteProbe } from './sweep-routes';

/**
 * The partnership dashboard, its snapshots and the CQS report in the standing privacy
 * sweep (issue 19): every figure, table, map image and the PDF's text layer must be
 * unchanged when a refuge moves inside its masking cell, and no refuge's address appears.
 * Clock fields (when a figure was made, the default "since" date) and the data version
 * (which counts every write, the refuge's move among them) are left out of the comparison.
 */
const CLOCK = new Set(['generatedAt', 'asOf', 'since', 'takenAt']);
const REFUGE_ADDRESS = '9 Quiet Lane';
const TEST_WARDS = ['TEST-W1', 'TEST-W2', 'TEST-W3'];

function stable(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body, (k, v) => (CLOCK.has(k) ? undefined : typeof v === 'string' ? v.replace(/data version \d+\.\d+/g, 'data version <n>') : v)));
}

async function observed(label: string, req: PromiseLike<{ status: number; body: unknown; text?: string; type?: string }>): Promise<Observation> {
  const res = await req;
  const body = res.type?.startsWith('image/svg') ? (res.text ?? String(res.body)) : stable(res.body);
  if (JSON.stringify(body).includes(REFUGE_ADDRESS)) throw new Error(`${label}: a refuge's address is in the response`);
  return { label, inputs: [], status: res.status, body };
}

const latestSnapshots = async (c: Client) => ((await c.get('/api/dashboard/snapshots')).body.items ?? []) as { id: string }[];

export const BOARD_PROBES: Record<string, RouteProbe> = {
  'GET /api/dashboard': {
    grid: 'once',
    run: async (c, _at, _fx, who) => {
      const out = [await observed('dashboard', c.get('/api/dashboard?since=2026-01-01'))];
      // Filtered by each test ward (sweep.test.ts imports them): a refuge counts where its masked point is, wherever it moves inside its cell.
      for (const ward of TEST_WARDS) {
        const seen = await observed(`dashboard of ward ${ward}`, c.get(`/api/dashboard?since=2026-01-01&ward=${ward}`));
        if (who === 'commissioner' && seen.status !== 200) throw new Error(`the ward probe reached no ward dashboard (${ward}: ${seen.status})`);
        out.push(seen);
      }
      return out;
    },
  },
  'GET /api/dashboard/snapshots': {
    grid: 'once',
    run: async (c) => [{ label: 'snapshot list', inputs: [], status: 200, body: { any: (await latestSnapshots(c)).length > 0 } }],
  },
  // A snapshot now (the campaigns' closes took two more): what the trend probe below compares.
  'POST /api/dashboard/snapshots': {
    grid: 'once',
    run: async (c) => {
      const out: Observation[] = [];
      for (const n of [1]) {
        const taken = await c.post('/api/dashboard/snapshots', {});
        out.push({ label: `snapshot ${n}`, inputs: [], status: taken.status, body: { reason: taken.body.reason } });
        if (taken.status === 201) out.push(await observed(`snapshot ${n} figures`, c.get(`/api/dashboard/snapshots/${taken.body.id}`)));
      }
      return out;
    },
  },
  'GET /api/dashboard/snapshots/:id': {
    grid: 'once',
    run: async (c) => {
      const [latest] = await latestSnapshots(c);
      return latest ? [await observed('latest snapshot', c.get(`/api/dashboard/snapshots/${latest.id}`))] : [];
    },
  },
  'GET /api/dashboard/trend': {
    grid: 'once',
    run: async (c) => {
      const [a, b] = await latestSnapshots(c);
      return a && b ? [await observed('trend of the two latest', c.get(`/api/dashboard/trend?from=${b.id}&to=${a.id}`))] : [];
    },
  },
  'GET /api/reports/maps/registry.svg': { grid: 'once', run: async (c) => [await observed('registry map', c.get('/api/reports/maps/registry.svg'))] },
  'GET /api/reports/maps/gaps.svg': { grid: 'once', run: async (c) => [await observed('housing gap map', c.get('/api/reports/maps/gaps.svg?category=housing'))] },
  'GET /api/reports/maps/pathways.svg': { grid: 'once', run: async (c) => [await observed('pathway map', c.get('/api/reports/maps/pathways.svg'))] },
  // The PDF's text layer (printed by the server's Chromium from the built report page).
  'GET /api/reports/cqs.pdf': {
    grid: 'once',
    run: async (c, _at, _fx, who) => {
      // One role: each render takes seconds, and the figures are the same for every reader.
      if (who !== 'commissioner') return [];
      if (!fs.existsSync(CHROMIUM_PATH)) return [{ label: 'report PDF (no Chromium here: not swept)', inputs: [], status: 0, body: null }];
      await ensureClientBuilt();
      const res = await c.get('/api/reports/cqs.pdf').buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const text = res.status === 200 ? (await pdfPages(res.body as Buffer)).join('\n') : JSON.stringify(res.body);
      return [await observed('report PDF text', Promise.resolve({ status: res.status, body: text }))];
    },
  },
};
