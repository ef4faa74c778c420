/**
 * A commissioner with five minutes before a board: opens the dashboard, switches to one
 * town, opens the CQS report and prints it to PDF (in the browser and on the server). The
 * PDFs' text holds the dashboard's figures, the partnership's name and the date on every
 * page; each report page is kept as a PNG (test-results/dashboard/, gitignored); axe finds
 * nothing at desktop and phone sizes, and nothing scrolls sideways at 390 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { importAreas } from '../../server/area-import/service';
import { pdfPages } from '../pdf-text';
import { describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, type RunningApp } from './support';

const ARTEFACTS = path.resolve(__dirname, '..', '..', 'test-results', 'dashboard');

async function allViolations(page: Page): Promise<string[]> {
  await seriousViolations(page); // loads axe-core into the page
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describeInBrowser('the dashboard and the CQS report', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await loadReferenceGeography(app.ctx.db.knex, readReferenceFiles());
    const coord = await app.ctx.as('coordinator');
    const make = async (body: object): Promise<string> => {
      const res = await coord.post('/api/assets', { publish: true, ...body });
      expect(res.status).toBe(201);
      return res.body.asset.id;
    };
    const smart = await make({ name: 'Square Chapel SMART', category: 'mutual_aid', peerLed: true, commissioning: 'independent', sites: [{ lat: 53.7245, lng: -1.862, venueName: 'Square Chapel' }] });
    const service = await make({ name: 'Halifax Drug and Alcohol Service', category: 'treatment', commissioning: 'local_authority', sites: [{ lat: 53.7205, lng: -1.859 }] });
    // The test wards (test/fixtures/wards) and a participation review, so both show on the pages axe checks.
    await importAreas(app.ctx.db.knex, null, { wards: { name: 'wards.geojson', text: fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'wards', 'calderdale-test-wards.geojson'), 'utf8') } });
    const round = await coord.post('/api/participation/rounds', { title: 'Autumn review', reviewDate: '2026-11-30', serviceIds: [smart, service], perspectives: ['service_provider', 'people_in_treatment'] });
    for (const [perspective, assetId, level] of [['service_provider', smart, 'independent_leadership'], ['people_in_treatment', service, 'consultation'], ['service_provider', null, 'partnership']]) {
      expect((await coord.post(`/api/participation/rounds/${round.body.id}/entries`, { perspective, assetId, level, reason: 'heard at the review' })).status).toBe(201);
    }
    await make({ name: 'Quiet Refuge', category: 'housing', sensitive: true, sites: [{ lat: 53.7312, lng: -1.8523, address: '9 Hidden Lane', postcode: 'HX1 2ZZ' }] });
    fs.mkdirSync(ARTEFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('dashboard → one town → report → PDF: the PDF holds the dashboard’s figures on every page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signInThroughPage(context, app.baseUrl, 'commissioner', '/dashboard.html');
    await page.waitForSelector('#dashboard[data-loaded="all"]');
    expect(await page.locator('#what-exists .lead').textContent()).toBe('3 published recovery assets; 33.3% peer-led and 33.3% independent of commissioned services (CQS 2.1).');
    expect(await page.locator('#place optgroup[label="Wards"] option').allTextContents()).toEqual(['Test Ward East (fixture)', 'Test Ward South (fixture)', 'Test Ward West (fixture)']);
    expect(await page.locator('#participation .lead').textContent()).toBe('From the review "Autumn review" of 30 November 2026: 2 services, seen by 2 perspectives, who put 0 (services, or the partnership as a whole) on different rungs.');
    expect(await allViolations(page)).toEqual([]);

    await page.locator('#place').selectOption('town:Halifax');
    await page.waitForSelector('#dashboard[data-loaded="Halifax"]');
    expect(page.url()).toContain('town=Halifax');
    const lead = (await page.locator('#what-exists .lead').textContent())!;
    const firstGap = page.locator('#people-in-gaps .bars li').first();
    const gapsRow = `${await firstGap.locator('.bar-label').textContent()} ${await firstGap.locator('.bar-value').textContent()}`;
    // The table view holds the chart's numbers.
    await page.locator('#assets-by-category summary').click();
    expect(await page.locator('#assets-by-category table tbody tr').count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Open the CQS evidence report' }).click();
    await page.waitForSelector('body[data-report-ready="true"]', { timeout: 60_000 });
    expect(await page.locator('#what-exists .lead').textContent()).toBe(lead);
    expect(await allViolations(page)).toEqual([]);
    const runningHead = (await page.locator('#running-head').textContent())!;
    expect(runningHead).toMatch(/^Test Partnership · CQS evidence report · \d{1,2} \w+ \d{4}$/);

    // Printed by this browser, and by the server's Chromium (the download link).
    await page.emulateMedia({ media: 'print' });
    const printed = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const sections = page.locator('.report-cover, .report-section');
    for (let i = 0; i < (await sections.count()); i++) await sections.nth(i).screenshot({ path: path.join(ARTEFACTS, `report-page-${i + 1}.png`) });
    const served = await page.request.get(`${app.baseUrl}/api/reports/cqs.pdf?town=Halifax`);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('application/pdf');
    fs.writeFileSync(path.join(ARTEFACTS, 'cqs-report.pdf'), await served.body());
    for (const [pdf, from] of [[printed, 'browser'], [await served.body(), 'server']] as const) {
      const pages = await pdfPages(pdf);
      expect(pages.length).toBeGreaterThanOrEqual(5);
      const squash = (s: string) => s.replace(/\s+/g, ' ');
      const text = squash(pages.join(' '));
      expect(text).toContain(squash(lead));
      expect(text).toContain(gapsRow);
      expect(text).toContain('Commissioning Quality Standard');
      for (const standard of ['2.1', '2.3', '3.1']) expect(text).toContain(`CQS ${standard}`);
      // The server's PDF has the head on every page; the browser's print (a fixed CSS head) on all but the last.
      for (const p of from === 'server' ? pages : pages.slice(0, -1)) expect(squash(p)).toContain(runningHead);
      // The masking rule: the refuge's address is in no page.
      expect(text).not.toContain('Hidden Lane');
    }
    await context.close();
  });

  it('at 390 px: readable, nothing scrolls sideways, axe finds nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signInThroughPage(context, app.baseUrl, 'commissioner', '/dashboard.html');
    await page.waitForSelector('#dashboard[data-loaded="all"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('#dashboard *')].filter((el) => el.childNodes.length && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())).map((el) => parseFloat(getComputedStyle(el).fontSize))));
    expect(smallest).toBeGreaterThanOrEqual(12);
    expect(await allViolations(page)).toEqual([]);
    await page.goto(`${app.baseUrl}/report.html`);
    await page.waitForSelector('body[data-report-ready="true"]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await allViolations(page)).toEqual([]);
    await context.close();
  });
});
