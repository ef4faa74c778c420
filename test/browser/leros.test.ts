/**
 * The LERO register page (issue 20) at phone and desktop widths: figures, filters, the
 * map, a LERO's page, a sensitive place shown as its area only, a coordinator's edit and
 * verification; axe-clean throughout.
 */
import type { Browser } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, waitForText, type RunningApp } from './support';

describeInBrowser('LERO register page', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coord = await app.ctx.as('coordinator');
    const org = async (body: object) => (await coord.post('/api/organisations', body)).body.id as string;
    const alder = await org({ name: 'Alder Recovery', kind: 'lero', leroStage: 'registered_charity_company', cleroMember: true, localAuthoritiesServed: ['E08000033'], commissioningRoute: 'direct' });
    const birch = await org({ name: 'Birch Peer Network', kind: 'lero', leroStage: 'constituted_group', cleroMember: false, localAuthoritiesServed: ['E08000033', 'E08000034'], commissioningRoute: 'grant' });
    for (const body of [
      { name: 'Alder Café', category: 'lero_peer_support', organisationId: alder, sites: [{ lat: 53.7245, lng: -1.862, venueName: 'Alder Hall' }] },
      { name: 'Alder House', category: 'housing', sensitive: true, organisationId: alder, sites: [{ lat: 53.7123, lng: -1.8532, venueName: 'Secret Address', postcode: 'HX1 2AB' }] },
      { name: 'Birch Walk', category: 'mutual_aid', organisationId: birch, sites: [{ lat: 53.705, lng: -1.84 }] },
    ]) {
      const id = (await coord.post('/api/assets', body)).body.asset.id;
      await coord.post(`/api/assets/${id}/publish`);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [label, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1440, height: 900 }]] as const) {
    it(`anyone reads the register, filters it and opens a LERO (${label})`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${app.baseUrl}/leros.html`);
      await page.locator('.lero-list').waitFor();
      expect(await page.locator('.stat').allTextContents()).toEqual([
        '2LEROs working in the area', '1commissioned (directly or sub-contracted)', '2with a place of their own', '1CLERO members',
      ]);
      expect(await page.locator('.leaflet-interactive').count()).toBe(3);
      await page.getByLabel('Funding').selectOption('grant');
      expect(await waitForText(page.locator('#lero-list .count'), '1 of 2 LEROs shown')).toBe('1 of 2 LEROs shown');
      await page.getByLabel('Funding').selectOption('');
      await waitForText(page.locator('#lero-list .count'), '2 of 2 LEROs shown');
      await page.locator('.lero-list .item-button', { hasText: 'Alder Recovery' }).click();
      const detail = page.locator('#lero-detail');
      await detail.getByRole('heading', { name: 'Alder Recovery' }).waitFor();
      expect(await detail.textContent()).toContain('An area near HX1 (exact place withheld)');
      expect(await page.content()).not.toContain('Secret Address');
      expect(await detail.textContent()).toContain('Coverage figures are for commissioners, coordinators and researchers.');
      expect(await page.locator('#lero-downloads a', { hasText: 'Download CSV' }).getAttribute('href')).toBe('/api/leros.csv');
      // The LERO's page has its own address.
      const address = page.url();
      expect(address).toMatch(/#[0-9a-f-]{36}$/);
      await page.goto('about:blank');
      await page.goto(address);
      await page.locator('#lero-detail').getByRole('heading', { name: 'Alder Recovery' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('a coordinator edits a LERO and marks it verified (desktop)', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 1440, height: 900 } }), app.baseUrl, 'coordinator', '/leros.html');
    const errors = collectPageErrors(page);
    await page.locator('.lero-list .item-button', { hasText: 'Birch Peer Network' }).click();
    const detail = page.locator('#lero-detail');
    await detail.getByLabel('Funding').selectOption('sub_contracted');
    await detail.getByRole('button', { name: 'Save changes' }).click();
    expect(await waitForText(page.locator('#status'), 'Saved “Birch Peer Network”.')).toBe('Saved “Birch Peer Network”.');
    expect(await waitForText(page.locator('.stat').nth(1), '2commissioned (directly or sub-contracted)')).toBe('2commissioned (directly or sub-contracted)');
    await page.locator('#lero-detail').getByRole('button', { name: 'Mark verified today' }).click();
    expect(await waitForText(page.locator('#status'), 'Marked “Birch Peer Network” as verified today.')).toBe('Marked “Birch Peer Network” as verified today.');
    await page.locator('#lero-detail dd', { hasText: new Date().getUTCFullYear().toString() }).first().waitFor();
    // Coordinators see exact places and the coverage section (no reference areas in this database: nobody covered).
    expect(await page.locator('#lero-detail').textContent()).toContain('Gaps it covers');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
