import fs from 'node:fs';
import type { Knex } from 'knex';
import { chromium, type Browser } from 'playwright-core';

/**
 * The CQS report as a PDF: the server's own Chromium (playwright-core) opens the printable
 * page as the asking user (their session cookie, on the address the request came in on),
 * waits for it to say it is ready, and prints it on A4. One at a time per process: each
 * render holds a core for a second or more. The browser is launched on the first PDF and
 * kept warm between requests (starting one costs about a second), each render in a fresh
 * context (no cookie or page state outlives it); one that died is launched again, and it
 * is closed with the database (server shutdown, a test's close) so nothing is left running.
 */
let warm: { path: string; browser: Promise<Browser> } | null = null;

function browserAt(path: string): Promise<Browser> {
  if (!warm || warm.path !== path) {
    const browser = chromium.launch({ executablePath: path, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const entry = { path, browser };
    warm = entry;
    const forget = () => { if (warm === entry) warm = null; };
    browser.then((b) => b.on('disconnected', forget), forget);
  }
  return warm.browser;
}

/** Close the warm browser (if any); the next PDF launches another. */
export async function closePdfBrowser(): Promise<void> {
  const w = warm;
  warm = null;
  if (w) await w.browser.then((b) => b.close()).catch(() => undefined);
}

const closing = new WeakSet<Knex>();
/** Close the warm browser when this database closes (db.close() destroys its knex first on both engines), once per database. */
export function closePdfBrowserWith(knex: Knex): void {
  if (closing.has(knex)) return;
  closing.add(knex);
  // knex.destroy() is read-only and calls its client's destroy(): that is wrapped.
  const client = knex.client as { destroy: (callback?: unknown) => Promise<void> };
  const destroy = client.destroy.bind(client);
  client.destroy = async (callback?: unknown) => { await closePdfBrowser(); return destroy(callback); };
}

export class NoChromium extends Error {}
export class NoPrintablePage extends Error {}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

let queue: Promise<unknown> = Promise.resolve();

export type PdfRequest = { chromiumPath: string; clientDir: string; origin: string; cookie: { name: string; value: string } | null; path: string };

export function renderPdf(r: PdfRequest): Promise<Buffer> {
  const run = queue.then(() => render(r));
  queue = run.catch(() => undefined);
  return run;
}

async function render(r: PdfRequest): Promise<Buffer> {
  if (!fs.existsSync(r.chromiumPath)) throw new NoChromium(`No Chromium at ${r.chromiumPath}`);
  if (!fs.existsSync(`${r.clientDir}/report.html`)) throw new NoPrintablePage('The client is not built (client/dist/report.html)');
  let browser = await browserAt(r.chromiumPath);
  // A browser that died between requests (killed, crashed) is launched again, once.
  if (!browser.isConnected()) { await closePdfBrowser(); browser = await browserAt(r.chromiumPath); }
  const context = await browser.newContext().catch(async (err) => { await closePdfBrowser(); throw err; });
  try {
    if (r.cookie) await context.addCookies([{ ...r.cookie, url: r.origin }]);
    const page = await context.newPage();
    // What the page was doing, for the error when it never says it is ready.
    const pending = new Set<string>();
    const trouble: string[] = [];
    const path = (url: string) => url.replace(r.origin, '');
    page.on('request', (q) => pending.add(path(q.url())));
    page.on('requestfinished', (q) => pending.delete(path(q.url())));
    page.on('requestfailed', (q) => { pending.delete(path(q.url())); trouble.push(`${path(q.url())} failed (${q.failure()?.errorText})`); });
    page.on('response', (res) => { if (res.status() >= 400) trouble.push(`${path(res.url())} answered ${res.status()}`); });
    page.on('pageerror', (err) => trouble.push(`script error: ${err.message}`));
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${r.origin}${r.path}`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-report-ready]', { timeout: 60_000 }).catch((err: Error) => {
      throw new Error(`${err.message.split('\n')[0]} at ${path(page.url())}; still waiting for: ${[...pending].join(', ') || 'nothing'}; ${trouble.join('; ') || 'no failed request'}`);
    });
    const failed = await page.getAttribute('body', 'data-report-ready');
    if (failed !== 'true') throw new Error(`the printable report did not load: ${failed}`);
    // The running head as Chromium's own page header: on every page, the last included
    // (a position:fixed head, which serves the browser's own printing, misses the last page).
    const head = (await page.textContent('#running-head')) ?? '';
    const small = 'font-size:8pt;font-family:sans-serif;color:#333;width:100%;margin:0 14mm;';
    return await page.pdf({
      format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true,
      headerTemplate: `<div style="${small}border-bottom:0.5pt solid #999;">${escapeHtml(head)}</div>`,
      footerTemplate: `<div style="${small}text-align:right;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    });
  } finally {
    await context.close().catch(() => undefined);
  }
}
