/**
 * What the browser tests share: Chromium (or a clear skip without it), the built client
 * (built at most once per run, however many jest workers ask), and the real app listening
 * on a free port with a fresh test database.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createTestContext, type TestContext } from '../harness';
import { createDemoContext, type DemoContext } from '../demo-context';
import type { Config } from '../../server/config';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import type { Role } from '../../server/domain/vocabulary';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const SKIP_MESSAGE = `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped`;

/**
 * `describe`, gated on Chromium. Without it the block is skipped, visibly, in jest's
 * summary; with WAYMARK_REQUIRE_BROWSER=1 (CI) a missing Chromium fails instead.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (fs.existsSync(CHROMIUM_PATH)) {
    describe(name, body);
  } else if (process.env.WAYMARK_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('has Chromium to run in', () => {
        throw new Error(`${SKIP_MESSAGE.replace(': browser tests skipped', '')}, and WAYMARK_REQUIRE_BROWSER=1 requires it (apt-get install -y chromium).`);
      });
    });
  } else {
    console.warn(SKIP_MESSAGE);
    describe.skip(`${name} (${SKIP_MESSAGE})`, body);
  }
}

// ---------------------------------------------------------------------------------------
// The built client

const ROOT = path.resolve(__dirname, '..', '..');
const CLIENT = path.join(ROOT, 'client');
const BUILT_INDEX = path.join(CLIENT, 'dist', 'index.html');
const LOCK_DIR = path.join(os.tmpdir(), `waymark-client-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
const BUILD_WAIT_MS = 180_000;
const STALE_LOCK_MS = 300_000;

function newestSourceTime(): number {
  let newest = fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(CLIENT);
  return newest;
}

function clientIsFresh(): boolean {
  return fs.existsSync(BUILT_INDEX) && fs.statSync(BUILT_INDEX).mtimeMs >= newestSourceTime();
}

/**
 * `vite build` unless client/dist is newer than every client source. A lock directory
 * (mkdir is atomic) lets one worker build while the others wait for it, until the build
 * has finished: index.html is written part way through, and a report page printed then
 * loaded without its script (the PDF waited 60 s for a page that never started).
 */
export async function ensureClientBuilt(): Promise<void> {
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!clientIsFresh() || fs.existsSync(LOCK_DIR)) {
    let locked = false;
    try {
      fs.mkdirSync(LOCK_DIR);
      locked = true;
    } catch {
      // Another worker is building; a lock left by a killed run is cleared after a while.
      const lock = fs.statSync(LOCK_DIR, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    }
    if (locked) {
      try {
        if (!clientIsFresh()) {
          execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'client/vite.config.mts', '--logLevel', 'warn'], {
            cwd: ROOT,
            stdio: ['ignore', 'ignore', 'pipe'],
            env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
          });
        }
      } finally {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > deadline) throw new Error('Timed out waiting for another worker to build the client');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// ---------------------------------------------------------------------------------------
// The app and the browser

export type RunningApp = { ctx: TestContext; baseUrl: string; close(): Promise<void> };

export async function startApp(): Promise<RunningApp> {
  await ensureClientBuilt();
  const ctx = await createTestContext();
  const server = ctx.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
    },
  };
}

export type RunningDemoApp = { demo: DemoContext; baseUrl: string; close(): Promise<void> };

/** The app over the whole Calderdale demo (300 assets; seeding takes 10–40 s), with settings changed. */
export async function startDemoApp(config: Partial<Config> = {}): Promise<RunningDemoApp> {
  await ensureClientBuilt();
  const demo = await createDemoContext(config);
  const server = demo.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    demo,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await demo.close();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-dev-shm-usage',
      // MapLibre needs WebGL; with no GPU, SwiftShader renders it in software.
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
}

/**
 * Makes the main map take its tile path (as past WAYMARK_MAP_TILES_FROM places) whatever the
 * app's setting, by answering /api/config with mapTilesFrom 0: for tests of other layers
 * that must also work over the tiles.
 */
export async function forceTileMode(target: BrowserContext | Page): Promise<void> {
  await target.route('**/api/config', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), mapTilesFrom: 0 } });
  });
}

/** Console errors and uncaught exceptions of a page, for tests that must see none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export function emailOf(role: Role): string {
  return TEST_USERS.find((u) => u.role === role)!.email;
}

/** Signs in through the login page, as a person would, and lands on `next`. */
export async function signInThroughPage(context: BrowserContext, baseUrl: string, role: Role, next: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login.html?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(emailOf(role));
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}${next}`);
  return page;
}

/**
 * Counts the pixels of an element's screenshot within `tolerance` of each colour, decoding
 * the PNG in the page itself so the tests need no image library.
 */
export async function countColours(page: Page, selector: string, colours: Record<string, string>, tolerance = 24): Promise<Record<string, number>> {
  const png = await page.locator(selector).screenshot();
  return page.evaluate(async ({ b64, colours, tolerance }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, img.width, img.height).data;
    const targets = Object.entries(colours).map(([name, hex]) => ({ name, rgb: [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) }));
    const counts: Record<string, number> = Object.fromEntries(targets.map((t) => [t.name, 0]));
    for (let i = 0; i < data.length; i += 4) {
      for (const t of targets) {
        if (Math.abs(data[i]! - t.rgb[0]!) <= tolerance && Math.abs(data[i + 1]! - t.rgb[1]!) <= tolerance && Math.abs(data[i + 2]! - t.rgb[2]!) <= tolerance) counts[t.name]!++;
      }
    }
    return counts;
  }, { b64: png.toString('base64'), colours, tolerance });
}

/**
 * The element's text once it matches (or the last text seen, after `timeoutMs`): pages
 * update after a fetch, so a single read right after a click races the server.
 */
export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 15_000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let text: string | null = null;
  while (Date.now() < deadline) {
    text = await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null);
    if (text !== null && (typeof expected === 'string' ? text === expected : expected.test(text))) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  return text;
}

// ---------------------------------------------------------------------------------------
// Accessibility

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core's serious and critical violations on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, not as an inline <script>: unaffected by the pages' CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE};0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
