/**
 * The peer-participation review page (issue 20) at phone and desktop widths: the ladder
 * chart and its table with hand-worked counts, a disagreement, the change since the last
 * round, a coordinator opening a round and a volunteer recording for people in treatment;
 * axe-clean throughout.
 */
import type { Browser } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, waitForText, type RunningApp } from './support';

describeInBrowser('peer-participation review page', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coord = await app.ctx.as('coordinator');
    const ids: string[] = [];
    for (const name of ['Harbour Hub', 'Lantern Café']) {
      const id = (await coord.post('/api/assets', { name, category: 'lero_peer_support', sites: [{ lat: 53.72, lng: -1.86 }] })).body.asset.id;
      await coord.post(`/api/assets/${id}/publish`);
      ids.push(id);
    }
    const round = async (title: string, reviewDate: string) =>
      (await coord.post('/api/participation/rounds', { title, reviewDate, serviceIds: ids, perspectives: ['service_provider', 'people_in_treatment'] })).body.id;
    const entry = (r: string, perspective: string, assetId: string | null, level: string) =>
      coord.post(`/api/participation/rounds/${r}/entries`, { perspective, assetId, level, reason: 'From the forum' });
    const spring = await round('Spring review', '2026-04-01');
    await entry(spring, 'service_provider', ids[0], 'consultation');
    const autumn = await round('Autumn review', '2026-10-01');
    await entry(autumn, 'service_provider', ids[0], 'partnership');
    await entry(autumn, 'service_provider', ids[1], 'partnership');
    await entry(autumn, 'people_in_treatment', ids[0], 'information');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a coordinator reads the profile, its table and the disagreement, and opens a round (desktop)', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 1440, height: 900 } }), app.baseUrl, 'coordinator', '/participation.html');
    const errors = collectPageErrors(page);
    const table = page.locator('.ladder-table');
    await table.waitFor();
    // Autumn (the latest round): providers place both services on "partnership"; people in treatment one on "information".
    const row = async (name: string) => (await table.locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) }).locator('td').allTextContents());
    expect(await row('Partnership')).toEqual(['2', '0']);
    expect(await row('Information')).toEqual(['0', '1']);
    expect(await row('Peer power \\(band\\)')).toEqual(['2', '0']);
    expect(await row('Peer participation \\(band\\)')).toEqual(['0', '1']);
    expect(await page.locator('.disagreements li').allTextContents()).toEqual([
      'Harbour Hub: Service providers say “Partnership”; People in treatment say “Information” (3 rungs apart, in different bands)',
    ]);
    expect(await page.locator('.moves li').allTextContents()).toEqual(['Harbour Hub — Service providers: Consultation → Partnership (+2 rungs)']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Title').fill('Winter review');
    await page.getByLabel('Review date').fill('2026-12-01');
    await page.locator('.service-choices').getByLabel('Harbour Hub').check();
    await page.getByRole('button', { name: 'Open the round' }).click();
    expect(await waitForText(page.locator('#status'), 'Review round opened.')).toBe('Review round opened.');
    expect(await waitForText(page.locator('#profile-heading'), 'Partnership profile: Winter review (2026-12-01)')).toBe('Partnership profile: Winter review (2026-12-01)');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a volunteer records a view for people in treatment, with no name (phone)', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 390, height: 844 } }), app.baseUrl, 'volunteer', '/participation.html');
    const errors = collectPageErrors(page);
    await page.getByLabel('Review round').selectOption({ label: 'Autumn review (2026-10-01) — 3 entries' });
    await waitForText(page.locator('#profile-heading'), 'Partnership profile: Autumn review (2026-10-01)');
    expect(await page.getByLabel('Perspective').locator('option').allTextContents()).toEqual(['People in treatment']);
    await page.getByLabel('About').selectOption({ label: 'Lantern Café' });
    await page.getByLabel('Rung', { exact: true }).selectOption('consultation');
    await page.getByLabel('Why this rung').fill('Asked at the residents meeting');
    await page.getByRole('button', { name: 'Record this view' }).click();
    expect(await waitForText(page.locator('#status'), 'View recorded.')).toBe('View recorded.');
    expect(await waitForText(page.locator('.ladder-table tr', { hasText: /^Consultation/ }).locator('td').nth(1), '1')).toBe('1');
    expect(await page.locator('.entries li').last().textContent()).toContain('People in treatment on Lantern Café: Consultation (recorded on their behalf)');
    // Nothing wider than the phone: wide tables scroll inside their own region.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
