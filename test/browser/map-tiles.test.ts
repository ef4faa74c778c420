/**
 * The main map past WAYMARK_MAP_TILES_FROM published places (set to 50 here, over the
 * 300-asset Calderdale demo): it reads vector tiles and never the whole GeoJSON; the markers
 * it draws are the API's published places in the view, where the API puts them; a category
 * filter (a layer filter over the tiles) takes that category off the map and the list; the
 * list is the view's records from the bbox listing and opens cards; axe is clean. At phone
 * and desktop sizes. Then, on the same demo app, what a commissioner uses (map-commissioner.ts).
 */
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, seriousViolations, startDemoApp, type RunningDemoApp, waitForText } from './support';
import type { AssetPointFeature, AssetPointPage } from '../../client/src/shared/types';
import { VOCABULARY } from '../../server/domain/vocabulary';
import { commissionerMapChecks } from './map-commissioner';

const SIZES = [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const;
type Rendered = { key: string; category: string; lng: number; lat: number };
type Box = [number, number, number, number];

const keyOf = (f: AssetPointFeature) => `${f.properties.assetId}@${f.properties.siteId}`;
const labelOf = (code: string) => VOCABULARY.categories.find((c) => c.code === code)!.label;

describeInBrowser('map page in tile mode', () => {
  let app: RunningDemoApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startDemoApp({ mapTilesFrom: 50 }), launchBrowser()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Every published place in a box, as an anonymous visitor reads them (unsorted pages, all of them). */
  async function publishedPlacesIn(box: Box): Promise<AssetPointFeature[]> {
    const features: AssetPointFeature[] = [];
    let url: string | null = `/api/assets?format=geojson&status=published&sort=none&limit=100&bbox=${box.join(',')}`;
    while (url) {
      const res = await request(app.demo.app).get(url.replace(/^https?:\/\/[^/]+/, ''));
      expect(res.status).toBe(200);
      const page = res.body as AssetPointPage;
      features.push(...page.features);
      url = page.next;
    }
    const [w, s, e, n] = box;
    return features.filter(({ geometry: { coordinates: [lng, lat] } }) => lng! >= w && lng! <= e && lat! >= s && lat! <= n);
  }

  /** Waits until the map is idle on a view the list was also loaded for, other than `previous`. */
  async function settledView(page: Page, previous: string | undefined): Promise<{ view: Box; rendered: Rendered[] }> {
    await page.waitForFunction((prev) => {
      const d = document.body.dataset;
      return d.renderedView !== undefined && d.renderedView === d.listView && d.renderedView !== prev;
    }, previous, { timeout: 30_000 });
    const { view, rendered } = await page.evaluate(() => ({ view: document.body.dataset.renderedView!, rendered: document.body.dataset.renderedAssets! }));
    return { view: view.split(',').map(Number) as Box, rendered: JSON.parse(rendered) as Rendered[] };
  }

  /** Markers near the edge may be drawn though their point is just outside; compare well inside. */
  const shrink = ([w, s, e, n]: Box, f: number): Box => [w + (e - w) * f, s + (n - s) * f, e - (e - w) * f, n - (n - s) * f];
  const grow = (box: Box, f: number): Box => shrink(box, -f);
  const inside = ([w, s, e, n]: Box) => (p: { lng: number; lat: number }) => p.lng >= w && p.lng <= e && p.lat >= s && p.lat <= n;

  describe.each(SIZES)('at %s size', (label, viewport) => {
    let page: Page;
    let errors: string[];
    const requests: string[] = [];

    beforeAll(async () => {
      page = await browser.newPage({ viewport });
      errors = collectPageErrors(page);
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(app.baseUrl + '/');
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    }, 90_000);
    afterAll(() => page?.close());

    it('reads .mvt tiles, and never the whole published GeoJSON', async () => {
      expect(await page.evaluate(() => document.body.dataset.assetSource)).toBe('tiles');
      // The switch counted the places the public listing has, every page of it (285 of the demo's 300 assets' places are published).
      const published = (await request(app.demo.app).get('/api/partnership')).body.publishedPlaces;
      expect(published).toBe((await publishedPlacesIn([-180, -85, 180, 85])).length);
      expect(published).toBeGreaterThan(50);
      expect(requests.filter((u) => /\/tiles\/assets\/\d+\/\d+\/\d+\.mvt$/.test(u)).length).toBeGreaterThan(0);
      const geojson = requests.filter((u) => u.includes('/api/assets?') && u.includes('format=geojson'));
      expect(geojson.length).toBeGreaterThan(0); // the list's view
      for (const u of geojson) expect(new URL(u).searchParams.get('bbox')).not.toBeNull();
      expect(errors).toEqual([]);
    });

    it('draws, at street zoom, the published places in view, where the API puts them; the list shows the same records', async () => {
      let previous = await page.evaluate(() => document.body.dataset.renderedView);
      let settled = await settledView(page, undefined);
      // The partnership-wide view is the density wash; zoom in until the markers show.
      for (let i = 0; i < 5 && !settled.rendered.length; i++) {
        await page.getByRole('button', { name: 'Zoom in' }).click();
        settled = await settledView(page, previous);
        previous = settled.view.join(',');
      }
      const { view, rendered } = settled;
      expect(rendered.length).toBeGreaterThan(0);
      const expected = await publishedPlacesIn(view);
      // A marker whose point is just past the edge is still drawn (its icon reaches in).
      const byKey = new Map((await publishedPlacesIn(grow(view, 0.1))).map((f) => [keyOf(f), f]));
      // Every drawn marker is a published place, within a tile unit of the API's point (z14: ~0.6 m).
      for (const r of rendered) {
        const f = byKey.get(r.key);
        expect(f).toBeDefined();
        expect(Math.abs(f!.geometry.coordinates[0]! - r.lng)).toBeLessThan(1e-4);
        expect(Math.abs(f!.geometry.coordinates[1]! - r.lat)).toBeLessThan(1e-4);
        expect(r.category).toBe(f!.properties.category);
      }
      // And every published place well inside the view is drawn.
      const drawn = new Set(rendered.map((r) => r.key));
      const wellInside = expected.filter((f) => inside(shrink(view, 0.05))({ lng: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }));
      expect(wellInside.length).toBeGreaterThan(0);
      for (const f of wellInside) expect(drawn).toContain(keyOf(f));

      if (label === 'phone') await page.getByRole('tab', { name: 'List and filters' }).click();
      const heading = expected.length === 1 ? '1 asset in view' : `${expected.length} assets in view`;
      expect(await waitForText(page.locator('#asset-list-heading'), heading)).toBe(heading);
      const names = await page.locator('#asset-list .item-name').allTextContents();
      expect(names).toEqual(expected.map((f) => f.properties.name).sort((a, b) => a.localeCompare(b, 'en-GB')));
    }, 120_000);

    it('opens a card from the list by keyboard and returns focus to the list', async () => {
      const first = page.locator('#asset-list .item-button').first();
      const name = (await first.locator('.item-name').textContent())!;
      await first.focus();
      await page.keyboard.press('Enter');
      expect(await waitForText(page.locator('#details-heading'), name)).toBe(name);
      await page.waitForFunction(() => document.activeElement?.id === 'details-heading');
      await page.keyboard.press('Escape');
      await page.waitForFunction((n) => (document.activeElement as HTMLElement | null)?.matches('#asset-list .item-button') && document.activeElement!.textContent!.includes(n), name);
    });

    it('a category filter takes that category off the map and out of the list', async () => {
      if (label === 'phone') await page.getByRole('tab', { name: 'Map' }).click();
      const { view, rendered: before } = await settledView(page, undefined);
      if (label === 'phone') await page.getByRole('tab', { name: 'List and filters' }).click();
      // The commonest category drawn, so something stays and something goes.
      const counts = new Map<string, number>();
      for (const r of before) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
      const [category] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
      if (label === 'phone') await page.locator('summary', { hasText: 'Categories and map key' }).click();
      const box = page.getByRole('checkbox', { name: labelOf(category), exact: true });
      await box.uncheck();
      const remaining = (await publishedPlacesIn(view)).filter((f) => f.properties.category !== category);
      const heading = remaining.length === 1 ? '1 asset in view' : `${remaining.length} assets in view`;
      expect(await waitForText(page.locator('#asset-list-heading'), heading)).toBe(heading);
      const names = await page.locator('#asset-list .item-name').allTextContents();
      expect(names).toEqual(remaining.map((f) => f.properties.name).sort((a, b) => a.localeCompare(b, 'en-GB')));

      if (label === 'phone') await page.getByRole('tab', { name: 'Map' }).click();
      await page.waitForFunction(({ c, v }) => {
        const drawn = JSON.parse(document.body.dataset.renderedAssets ?? '[]') as { category: string }[];
        return document.body.dataset.renderedView === v && drawn.length > 0 && drawn.every((r) => r.category !== c);
      }, { c: category, v: view.join(',') }, { timeout: 20_000 });
      const after = JSON.parse(await page.evaluate(() => document.body.dataset.renderedAssets!)) as Rendered[];
      expect(after.map((r) => r.key)).toEqual(before.filter((r) => r.category !== category).map((r) => r.key));

      if (label === 'phone') await page.getByRole('tab', { name: 'List and filters' }).click();
      await box.check();
      const all = await publishedPlacesIn(view);
      expect(await waitForText(page.locator('#asset-list-heading'), `${all.length} assets in view`)).toBe(`${all.length} assets in view`);
    }, 60_000);

    it('has no serious accessibility violations', async () => {
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  commissionerMapChecks(() => ({ app, browser }));
});
