/**
 * A commissioner opens the coverage-gap layer on the main map, switches category, places
 * a hypothetical asset and sees the change, on the real Calderdale areas and postcodes.
 */
import type { Browser, Page } from 'playwright-core';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { collectPageErrors, countColours, describeInBrowser, forceTileMode, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

/** `top` at `alpha` over `under`, as the map composites a translucent fill. */
const over = (top: string, alpha: number, under: string) =>
  '#' + [1, 3, 5].map((i) => Math.round(parseInt(top.slice(i, i + 2), 16) * alpha + parseInt(under.slice(i, i + 2), 16) * (1 - alpha)).toString(16).padStart(2, '0')).join('');
// On screen a gap cell is #d55e00 (gap-scale.ts) at 0.55 (gaps-layer.ts) over the boundary's
// 0.55 white wash (boundary-layer.ts) over the #eef0ea background (map-style.ts).
const GAP_COLOUR = over('#d55e00', 0.55, over('#ffffff', 0.55, '#eef0ea'));
const HYPOTHETICAL = '#000000'; // gap-points-layer.ts

// The gap layer sits over the assets however they are drawn: the whole GeoJSON, or vector tiles.
describe.each([['GeoJSON assets', false], ['tiled assets', true]] as const)('with %s', (_label, tiles) => describeInBrowser('coverage-gap layer', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await loadReferenceGeography(app.ctx.db.knex, readReferenceFiles());
    const coordinator = await app.ctx.as('coordinator');
    const created = await coordinator.post('/api/assets', { name: 'Halifax Mutual Aid', category: 'mutual_aid', publish: true, sites: [{ lat: 53.7245, lng: -1.862 }] });
    expect(created.status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (tiles) await forceTileMode(context);
    page = await signInThroughPage(context, app.baseUrl, 'commissioner', '/');
    errors = collectPageErrors(page);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.assetSource)).toBe(tiles ? 'tiles' : 'geojson');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the gap layer, switches category, and shows what a hypothetical asset would change', async () => {
    await page.getByLabel('Show where people cannot reach support').check();
    const mutualAid = await waitForText(page.locator('#gaps-status'), /^Mutual aid: [\d,]+ people live in \d+ gap cells of \d+\.$/, 60_000);
    expect(mutualAid).toMatch(/^Mutual aid/);
    expect(await page.locator('#gaps-legend li').allTextContents()).toEqual(['Gap', 'Not a gap']);

    await page.getByLabel('Kind of support').selectOption('housing');
    const housing = await waitForText(page.locator('#gaps-status'), /^Housing \(incl\. recovery housing\): [\d,]+ people live in \d+ gap cells of \d+\.$/, 60_000);
    // No housing is published: every cell is a gap.
    const [, , cells] = housing!.match(/in (\d+) gap cells of (\d+)/)!;
    expect(housing).toContain(`${cells} gap cells of ${cells}.`);
    await page.waitForTimeout(500); // let the map redraw the new cells
    const before = await countColours(page, '#map', { gap: GAP_COLOUR });
    expect(before.gap).toBeGreaterThan(1000);

    await page.getByRole('button', { name: 'Place a hypothetical asset' }).click();
    const box = (await page.locator('#map').boundingBox())!;
    await page.locator('#map').click({ position: { x: box.width / 2, y: box.height / 2 } });
    const difference = await waitForText(page.locator('#gaps-difference'), /^People out of reach: [\d,]+ → [\d,]+ \([\d,]+ fewer\) with 1 hypothetical site\. Out of reach: no housing \(incl\. recovery housing\) within 1,600 m\.$/, 60_000);
    const [, outBefore, outAfter] = difference!.match(/: ([\d,]+) → ([\d,]+)/)!;
    expect(Number(outAfter!.replace(/,/g, ''))).toBeLessThan(Number(outBefore!.replace(/,/g, '')));
    expect(await page.locator('#gaps-what-if-result').textContent()).toMatch(/People in cells with low relative access: .*Nothing is saved\.$/);
    await page.waitForTimeout(500);
    const after = await countColours(page, '#map', { gap: GAP_COLOUR, hypothetical: HYPOTHETICAL });
    expect(after.gap).toBeLessThan(before.gap);
    expect(after.hypothetical).toBeGreaterThan(20);

    // The table shows the same cells, and suggestions come with their explanation.
    await page.getByRole('button', { name: 'Show the cells as a table' }).click();
    expect(await page.locator('#gaps-table tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Suggest 3 new sites' }).click();
    const first = await waitForText(page.locator('#gaps-suggestions li').first(), /would bring [\d,]+ people within 1,600 m/, 60_000);
    expect(first).toMatch(/^A housing \(incl\. recovery housing\) site near [A-Z][A-Za-z' -]+ \(Calderdale \d{3}[A-Z]\)/);
    expect(errors).toEqual([]);
  });
}));
