/**
 * What a commissioner uses on the main map, over the whole Calderdale demo (run from
 * map-tiles.test.ts, which has the demo app up already; seeding it again would cost 10–40 s): the pathway
 * panel's headline rates inside the sidebar at desktop and phone widths, the legend as an
 * outcome filter (unticking an outcome takes its arcs off the canvas), the gap layer
 * fading every other category's markers, and "save as picture" giving a PNG the map's size
 * with the legend and attribution drawn on. axe is clean with both panels open.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../seeds/demo';
import { OUTCOME_COLOURS } from '../../client/src/shared/linkage';
import { collectPageErrors, countColours, seriousViolations, type RunningDemoApp, waitForText } from './support';

const SIZES = [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const;

export const commissionerMapChecks = (demo: () => { app: RunningDemoApp; browser: Browser }) => describe('the map as a commissioner uses it', () => {
  let app: RunningDemoApp;
  let browser: Browser;
  let campaignId: string;

  beforeAll(async () => {
    ({ app, browser } = demo());
    const campaigns = await (await app.demo.as('commissioner')).get('/api/campaigns');
    campaignId = campaigns.body.items.find((c: { name: string }) => c.name.startsWith('Calderdale pathways, spring 2026')).id;
  });

  async function signedIn(viewport: { width: number; height: number }, next: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
    const account = DEMO_ACCOUNTS.find((a) => a.role === 'commissioner')!;
    await page.goto(`${app.baseUrl}/login.html?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.baseUrl}${next}`);
    return page;
  }

  describe.each(SIZES)('at %s size', (label, viewport) => {
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      page = await signedIn(viewport, `/?campaign=${campaignId}`);
      errors = collectPageErrors(page);
      await page.waitForSelector(`body[data-pathways-ready="${campaignId}"]`, { timeout: 60_000 });
      if (label === 'phone') await page.getByRole('tab', { name: 'List and filters' }).click();
    }, 90_000);
    afterAll(() => page?.context().close());

    it('shows the headline rates inside the sidebar', async () => {
      const sidebar = (await page.locator('.sidebar').boundingBox())!;
      const rates = page.locator('#pathway-rates dd');
      expect(await rates.count()).toBe(3);
      for (const box of await rates.evaluateAll((dds) => dds.map((d) => d.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.width).toBeGreaterThan(0);
        expect(box.left).toBeGreaterThanOrEqual(sidebar.x);
        expect(box.right).toBeLessThanOrEqual(sidebar.x + sidebar.width);
      }
      if (process.env.MAP_SHOTS) await page.locator('#pathways').screenshot({ path: `/tmp/map-sidebar-${label}.png` });
      expect(await rates.first().innerText()).toMatch(/^[\d.]+% \(95% CI [\d.]+%–[\d.]+%\)$/);
      // Nothing pushes the page sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    });

    it('is clean under axe with the pathway panel open (and the gap panel, on the desktop)', async () => {
      // The gap analysis of the whole demo takes seconds; once is enough for the panel's markup.
      if (label === 'desktop') {
        await page.getByLabel('Show where people cannot reach support').check();
        await waitForText(page.locator('#gaps-status'), /people live in \d+ gap cells/, 60_000);
      }
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  describe('on a desktop', () => {
    let page: Page;
    beforeAll(async () => {
      page = await signedIn({ width: 1280, height: 800 }, `/?campaign=${campaignId}`);
      await page.waitForSelector(`body[data-pathways-ready="${campaignId}"]`, { timeout: 60_000 });
    }, 90_000);
    afterAll(() => page?.context().close());

    it('the legend filters the arcs by outcome', async () => {
      // Markers off (some share the outcome colours), so only the arcs carry them.
      await page.getByRole('button', { name: 'Show none' }).click();
      const noInformation = page.locator('#pathway-show-reached-0');
      const [, n] = (await page.locator('label[for="pathway-show-reached-0"]').innerText()).trim().match(/^No information about it \((\d+)\)$/)!;
      expect(Number(n)).toBeGreaterThan(0);
      await page.waitForTimeout(300);
      const before = await countColours(page, '#map', { none: OUTCOME_COLOURS[0] }, 16);
      await noInformation.uncheck();
      expect(await page.evaluate(() => document.body.dataset.pathwayFilter)).not.toContain('reached-0');
      await page.waitForTimeout(300);
      const after = await countColours(page, '#map', { none: OUTCOME_COLOURS[0] }, 16);
      expect(before.none).toBeGreaterThan(100);
      expect(after.none).toBeLessThan(before.none / 20);
      await noInformation.check();
      await page.getByRole('button', { name: 'Show all' }).click();
      if (process.env.MAP_SHOTS) await page.screenshot({ path: '/tmp/map-pathways.png' });
    });

    it('with the gap layer on, only the chosen category’s markers are at full strength', async () => {
      expect(await page.evaluate(() => document.body.dataset.assetMarkers)).toBe('dimmed'); // pathways shown
      await page.getByLabel('Campaign').selectOption('');
      await page.waitForFunction(() => document.body.dataset.assetMarkers === 'all');
      await page.getByLabel('Show where people cannot reach support').check();
      await page.waitForFunction(() => document.body.dataset.assetMarkers === 'only mutual_aid');
      await page.getByLabel('Kind of support').selectOption('treatment');
      await page.waitForFunction(() => document.body.dataset.assetMarkers === 'only treatment');
      await page.getByLabel('Show where people cannot reach support').uncheck();
      await page.waitForFunction(() => document.body.dataset.assetMarkers === 'all');
    });

    it('saves the view as a PNG of the map’s size, with the legend and attribution drawn on', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#map-export-png').click()]);
      expect(download.suggestedFilename()).toMatch(/^calderdale.*\.png$/);
      const png = fs.readFileSync((await download.path())!);
      if (process.env.MAP_SHOTS) fs.writeFileSync('/tmp/map-export.png', png);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
      const canvas = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('#map canvas')!;
        return { width: c.width, height: c.height, cssWidth: c.clientWidth, ratio: devicePixelRatio };
      });
      expect(size).toEqual({ width: canvas.width, height: canvas.height });
      expect(canvas.width).toBe(Math.round(canvas.cssWidth * canvas.ratio));
      // The map is in it (many colours mid-picture), under a white title box and attribution strip.
      const probe = await page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const g = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height }).getContext('2d')!;
        g.drawImage(img, 0, 0);
        const at = (x: number, y: number) => [...g.getImageData(x, y, 1, 1).data].slice(0, 3);
        const middle = g.getImageData(img.width / 4, img.height / 4, img.width / 2, img.height / 2).data;
        const colours = new Set<number>();
        for (let i = 0; i < middle.length; i += 4) colours.add((middle[i]! << 16) | (middle[i + 1]! << 8) | middle[i + 2]!);
        return { title: at(10, 10), attribution: at(img.width - 4, img.height - 4), colours: colours.size };
      }, png.toString('base64'));
      for (const rgb of [probe.title, probe.attribution]) for (const v of rgb) expect(v).toBeGreaterThan(230);
      expect(probe.colours).toBeGreaterThan(20);
    });
  });
});
