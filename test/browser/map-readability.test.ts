/**
 * Issue 8's map items that need the real Calderdale areas, at phone and desktop sizes:
 * LSOA outlines on the Leaflet maps (capture, review) at street zoom and not zoomed out;
 * the main map's key and deprivation legend text at 4.5:1 or more, from the colours the
 * browser computed; and a card opened from a marker or a list item handing focus back to
 * it when it closes.
 */
import type { Browser, Page } from 'playwright-core';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

const SIZES = [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const;
const TREATMENT_BLUE = '#0072B2'; // palette.ts: treatment is an Okabe–Ito blue square
const HALIFAX = { lat: 53.7245, lng: -1.862 };

/** WCAG 2 contrast of every piece of text under `selector`, against the background it sits on. */
async function lowContrastText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const [r, g, b, a] = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      return [r!, g!, b!, a ?? 1];
    };
    const over = (top: RGBA, under: RGBA): RGBA => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])).concat(1) as RGBA;
    const background = (el: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      return layers.reduceRight<RGBA>((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    const luminance = ([r, g, b]: RGBA) => {
      const lin = (v: number) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const problems: string[] = [];
    const seen = new Set<Element>();
    for (const root of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement!;
        if (!node.textContent?.trim() || seen.has(el)) continue;
        seen.add(el);
        const rect = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (!rect.width || style.visibility === 'hidden' || el.closest('.visually-hidden, [hidden]')) continue;
        const bg = background(el);
        const fg = over(parse(style.color), bg);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const ratio = (hi! + 0.05) / (lo! + 0.05);
        problems.push(`${ratio.toFixed(2)}\t${node.textContent.trim().slice(0, 40)}`);
      }
    }
    return problems;
  }, selector).then((all) => all.filter((line) => Number(line.split('\t')[0]) < 4.5).concat(all.length ? [] : ['no text found']));
}

/** Where on the element's screenshot the pixels of one colour are (their centre), or null. */
async function colourCentre(page: Page, selector: string, hex: string, tolerance = 10): Promise<{ x: number; y: number } | null> {
  const png = await page.locator(selector).screenshot();
  return page.evaluate(async ({ b64, hex, tolerance }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, img.width, img.height).data;
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let sx = 0, sy = 0, n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ([0, 1, 2].every((k) => Math.abs(data[i + k]! - rgb[k]!) <= tolerance)) {
        const p = i / 4;
        sx += p % img.width;
        sy += Math.floor(p / img.width);
        n++;
      }
    }
    return n > 20 ? { x: sx / n / devicePixelRatio, y: sy / n / devicePixelRatio } : null;
  }, { b64: png.toString('base64'), hex, tolerance });
}

/** One click on a Leaflet map's zoom button, waiting until the zoom has finished. */
async function zoom(page: Page, map: string, way: 'in' | 'out'): Promise<void> {
  await page.locator(`${map} .leaflet-control-zoom-${way}`).click();
  await page.waitForFunction((sel) => !document.querySelector(`${sel} .leaflet-map-pane`)!.classList.contains('leaflet-zoom-anim'), map);
}

describeInBrowser('maps people can read: outlines, legend contrast, focus', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await loadReferenceGeography(app.ctx.db.knex, readReferenceFiles());
    const coordinator = await app.ctx.as('coordinator');
    const volunteer = await app.ctx.as('volunteer');
    expect((await coordinator.post('/api/assets', { name: 'Horton Street Treatment', category: 'treatment', publish: true, sites: [HALIFAX] })).status).toBe(201);
    expect((await volunteer.post('/api/assets', { name: 'Queued Walking Group', category: 'mutual_aid', sites: [{ lat: 53.72, lng: -1.87 }] })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [label, viewport] of SIZES) {
    it(`the capture map outlines LSOAs at street zoom only (${label})`, async () => {
      const context = await browser.newContext({ viewport, geolocation: { latitude: HALIFAX.lat, longitude: HALIFAX.lng, accuracy: 10 }, permissions: ['geolocation'] });
      const page = await signInThroughPage(context, app.baseUrl, 'volunteer', '/capture.html');
      const errors = collectPageErrors(page);
      await page.waitForSelector('#f-map.leaflet-container');
      await page.waitForSelector('.place-label', { state: 'attached', timeout: 20_000 });
      // Zoomed out (the whole partnership and round it): no outlines, too small a scale for them.
      for (let i = 0; i < 2; i++) await zoom(page, '#f-map', 'out');
      await expect(page.locator('#f-map path.lsoa-outline').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Use my location' }).click();
      expect(await waitForText(page.locator('#f-point-readout'), /^Pin placed from your location/)).toMatch(/^Pin placed from your location/);
      await page.locator('#f-map path.lsoa-outline').first().waitFor({ state: 'attached', timeout: 20_000 });
      const shown = await page.locator('#f-map path.lsoa-outline').count();
      const areas = (await (await app.ctx.as('anon')).get('/api/areas')).body.features.length;
      // Every area is one outline (a multipolygon is one path); all are drawn, Leaflet clips the rest.
      expect(areas).toBeGreaterThan(100);
      expect(shown).toBe(areas);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the review page’s queue map and edit map outline LSOAs once zoomed in (desktop)', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), app.baseUrl, 'coordinator', '/review.html');
    await page.locator('#queue-list .item-button', { hasText: 'Queued Walking Group' }).click();
    // Zoomed in far enough, the queue map shows them.
    for (let i = 0; i < 6 && !(await page.locator('#queue-map path.lsoa-outline').count()); i++) await zoom(page, '#queue-map', 'in');
    await page.locator('#queue-map path.lsoa-outline').first().waitFor({ state: 'attached', timeout: 20_000 });
    await page.getByRole('button', { name: 'Edit' }).click();
    // The edit form's map opens on the saved pin at street zoom.
    await page.locator('.edit-form .place-map path.lsoa-outline').first().waitFor({ state: 'attached', timeout: 20_000 });
    await page.context().close();
  });

  for (const [label, viewport] of SIZES) {
    it(`the map key and the deprivation legend read at 4.5:1 or more (${label})`, async () => {
      const page = await browser.newPage({ viewport });
      await page.goto(app.baseUrl + '/');
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
      if (label === 'phone') await page.getByRole('tab', { name: 'List and filters' }).click();
      const key = page.locator('details', { hasText: 'Categories and map key' });
      if (!(await key.evaluate((d) => (d as HTMLDetailsElement).open))) await key.locator('summary').click();
      await page.getByLabel('Shade areas by deprivation (IMD 2019)').check();
      await page.locator('.imd-legend').waitFor();
      expect(await lowContrastText(page, '.filters details:first-of-type, .imd-legend')).toEqual([]);
      // The legend's numbers themselves: ten of them, each on its swatch.
      await expect(page.locator('.imd-scale li').count()).resolves.toBe(10);
      await page.close();
    });

    it(`a card opened from a marker gives focus back to the map; from the list, to the list item (${label})`, async () => {
      const page = await browser.newPage({ viewport });
      await page.goto(app.baseUrl + '/');
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
      const marker = await colourCentre(page, '#map', TREATMENT_BLUE);
      expect(marker).not.toBeNull();
      await page.locator('#map').click({ position: marker! });
      expect(await waitForText(page.locator('#details-heading'), 'Horton Street Treatment')).toBe('Horton Street Treatment');
      await page.getByRole('button', { name: 'Close details of Horton Street Treatment' }).click();
      await page.waitForFunction(() => document.activeElement?.classList.contains('maplibregl-canvas'));

      if (label === 'phone') await page.getByRole('tab', { name: 'List and filters' }).click();
      const item = page.locator('#asset-list .item-button', { hasText: 'Horton Street Treatment' });
      await item.click();
      expect(await waitForText(page.locator('#details-heading'), 'Horton Street Treatment')).toBe('Horton Street Treatment');
      await page.getByRole('button', { name: 'Close details of Horton Street Treatment' }).click();
      await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.matches('#asset-list .item-button') && document.activeElement!.textContent!.includes('Horton Street Treatment'));
      await page.close();
    });
  }
});
