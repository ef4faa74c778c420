/**
 * The results page readable on a phone and on a desktop (issue 21, "Readable results"):
 * no horizontal scroll at 390 px, no chart text under 12 px, every scrollable table a
 * focusable region (axe clean), a plain-language sentence under every headline rate (the
 * API's when it gives one, else built from the counts and checked here against a Wilson
 * interval worked by hand), the primary estimand marked, the method document a link the
 * app serves, network figures hidden when they carry nothing, per-service figures
 * withheld from the public; and the campaign builder picks areas by name.
 */
import type { Browser } from 'playwright-core';
import type { Client } from '../harness';
import { makeLinkageAssets } from '../linkage-fixture';
import { pct, wilsonHand } from './linkage-support';
import { collectPageErrors, describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, type RunningApp } from './support';

describeInBrowser('results v2: readable at 390 and 1440 px', () => {
  let app: RunningApp;
  let browser: Browser;
  let researcher: Client;
  let campaignId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coord = await app.ctx.as('coordinator');
    await makeLinkageAssets(coord);
    researcher = await app.ctx.as('researcher');
    const vol = await app.ctx.as('volunteer');
    const made = await researcher.post('/api/campaigns', { name: 'Readable pathways', approach: 'disclosed', frame: { categories: ['treatment', 'mutual_aid'] }, design: { pairCount: 6, primary: { metric: 'reach' } } });
    campaignId = made.body.id;
    await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 4 });
    await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, count: 6 });
    const pairs = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items as { id: string }[];
    // Reached 4 (outcomes 3 without contact details, 2, 1, 0), declined 1, unreachable 1 (three failed attempts, spaced by the rule).
    const at = (d: number, h: number) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
    const attempt = (i: number, body: object, d = 2, h = 10) => vol.post(`/api/campaign-pairs/${pairs[i].id}/attempts`, { attemptedAt: at(d, h), mode: 'phone', ...body });
    await attempt(0, { result: 'answered', outcome: 3, gaveContact: false, gaveReferral: true });
    await attempt(1, { result: 'answered', outcome: 2 });
    await attempt(2, { result: 'answered', outcome: 1 });
    await attempt(3, { result: 'answered', outcome: 0 });
    await attempt(4, { result: 'declined' });
    for (const [d, h] of [[2, 9], [3, 14], [5, 18]]) await attempt(5, { result: 'no_answer' }, d, h);
    await researcher.post(`/api/campaigns/${campaignId}/close`, {});
    await researcher.post(`/api/campaigns/${campaignId}/publish`, {});
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const width of [390, 1440]) {
    it(`a researcher reads the results at ${width} px: sentences, primary mark, no sideways scroll, text ≥ 12 px, axe clean`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await signInThroughPage(context, app.baseUrl, 'researcher', `/results.html?id=${campaignId}`);
      const errors = collectPageErrors(page);
      await page.waitForSelector(`#results[data-loaded="${campaignId}"]`);
      await page.waitForLoadState('networkidle');
      const api = (await researcher.get(`/api/campaigns/${campaignId}/results`)).body;
      // 4 reached of 5 closed (the declined pair is in no rate).
      expect(api.rates.reach).toMatchObject({ x: 4, n: 5 });
      const w = wilsonHand(4, 5);
      const built = `In 4 of 5 closed pairs (reached or not) (80.0%), the service called could be reached. The true rate is likely (95% confidence) between ${pct(w.lower)} and ${pct(w.upper)}.`;
      await expect(page.locator('.rate-sentences li[data-metric="reach"]').innerText()).resolves.toBe(`Primary: ${api.rates.reach.sentence ?? built}`);
      await expect(page.locator('.rate-sentences li').count()).resolves.toBe(7);
      await expect(page.locator('.rate-table tr[data-metric="reach"] .estimand').innerText()).resolves.toMatch(/primary/i);
      await expect(page.locator('[data-item="declined"]').innerText()).resolves.toMatch(/^1 service declined/);
      await expect(page.locator('[data-item="components"]').innerText()).resolves.toMatch(/1 gave referral advice without contact details/);
      await expect(page.locator('.network-hidden').count()).resolves.toBe(1);
      await expect(page.locator('.callers-table tr[data-caller="C1"]').count()).resolves.toBe(1);
      // The method document: a link the app serves.
      const href = await page.locator('main .hint a', { hasText: 'the method document' }).first().getAttribute('href');
      expect(href).toBe('/api/docs/linkage-method.md');
      const doc = await page.request.get(app.baseUrl + href);
      expect([doc.status(), doc.headers()['content-type']]).toEqual([200, 'text/markdown; charset=utf-8']);
      // Nothing wider than the screen; no chart text smaller than 12 px as drawn.
      const layout = await page.evaluate(() => {
        const smallest = Math.min(...[...document.querySelectorAll<SVGTextElement>('svg.rate-chart text')].map((t) => {
          const svg = t.ownerSVGElement!;
          return Number(t.getAttribute('font-size')) * (svg.getBoundingClientRect().width / Number(svg.getAttribute('data-view-width')));
        }));
        const unfocusable = [...document.querySelectorAll<HTMLElement>('.table-scroll')].filter((el) => el.scrollWidth > el.clientWidth && el.tabIndex < 0).length;
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, smallest, unfocusable };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.smallest).toBeGreaterThanOrEqual(12);
      expect(layout.unfocusable).toBe(0);
      // Every table, open.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the public reads partnership figures only: no service named without its agreement', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/results.html?id=${campaignId}`);
    await page.waitForSelector(`#results[data-loaded="${campaignId}"]`);
    await expect(page.locator('.per-service-rule').innerText()).resolves.toMatch(/stay with the campaign team/);
    await expect(page.locator('.assets-table').count()).resolves.toBe(0);
    await expect(page.locator('.callers-table').count()).resolves.toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await context.close();
  });

  it('the builder picks areas by name', async () => {
    // Two small areas of the partnership's district, named as ONS names them.
    const { laCodes } = (await app.ctx.db.knex('partnership').select('la_codes as laCodes').first()) as { laCodes: string[] };
    for (const [code, name, lng] of [['E01010875', 'Calderdale 019A', -1.9], ['E01010876', 'Calderdale 019B', -1.88]] as const) {
      await app.ctx.db.knex('area').insert({ code, kind: 'lsoa11', name, la_code: laCodes[0], geom: app.ctx.db.knex.raw('ST_Multi(ST_MakeEnvelope(?, 53.7, ?, 53.71, 4326))', [lng, lng + 0.01]) });
    }
    const draft = await researcher.post('/api/campaigns', { name: 'Area draft', approach: 'disclosed', design: { pairCount: 2 } });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await signInThroughPage(context, app.baseUrl, 'researcher', `/campaigns.html?id=${draft.body.id}`);
    const option = page.locator('#f-areaCodes option', { hasText: 'Calderdale 019A' });
    await option.waitFor({ state: 'attached' });
    await expect(option.innerText()).resolves.toBe('Calderdale 019A (E01010875)');
    await page.locator('#f-areaCodes').selectOption({ label: 'Calderdale 019A (E01010875)' });
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/campaigns/${draft.body.id}`) && r.request().method() === 'PATCH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect((await saved).status()).toBe(200);
    expect((await researcher.get(`/api/campaigns/${draft.body.id}`)).body.frame.areaCodes).toEqual(['E01010875']);
    await context.close();
  });
});
