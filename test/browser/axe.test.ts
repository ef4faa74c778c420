/**
 * axe-core on every page, at phone and desktop sizes, signed in as the role each page is
 * for: no serious or critical accessibility violation.
 */
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, type RunningApp } from './support';

describeInBrowser('accessibility (axe-core)', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const coord = await app.ctx.as('coordinator');
    const volunteer = await app.ctx.as('volunteer');
    await coord.post('/api/assets', { name: 'Axe Published Group', category: 'mutual_aid', publish: true, sites: [{ lat: 53.72, lng: -1.86 }] });
    const rejected = await volunteer.post('/api/assets', { name: 'Axe Rejected Group', category: 'advice', sites: [{ lat: 53.73, lng: -1.85 }] });
    await volunteer.post('/api/assets', { name: 'Axe Pending Group', category: 'advice', sites: [{ lat: 53.731, lng: -1.851 }] });
    await coord.post(`/api/assets/${rejected.body.asset.id}/reject`, { reason: 'Closed now.' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('would catch a violation (an image with no text alternative)', async () => {
    const page = await browser.newPage();
    await page.goto(app.baseUrl + '/login.html');
    await page.waitForSelector('form');
    await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('img'), { src: '/nothing.png' })));
    expect((await seriousViolations(page)).join('\n')).toMatch(/^image-alt \(critical\)/m);
    await page.close();
  });

  const PAGES: [string, string, 'anon' | 'volunteer' | 'coordinator' | 'commissioner' | 'researcher' | 'admin', string][] = [
    ['map', '/', 'anon', 'body[data-map-ready="true"]'],
    ['login', '/login.html', 'anon', 'form'],
    ['capture', '/capture.html', 'volunteer', '#capture-form:not([hidden])'],
    ['my records', '/my-records.html', 'volunteer', '.record'],
    ['review', '/review.html', 'coordinator', '#review-heading, #queue-list .item-button'],
    ['registry', '/registry.html', 'commissioner', '.registry-table'],
    ['not found', '/no-such-page', 'anon', 'main h1'],
    // The rest draw their content after the header; the test also waits for the network to settle.
    ['calls', '/calls.html', 'volunteer', '#site-header a'],
    ['campaigns', '/campaigns.html', 'researcher', '#site-header a'],
    ['results', '/results.html', 'researcher', '#site-header a'],
    ['import', '/import.html', 'coordinator', '#site-header a'],
    ['areas import', '/areas-import.html', 'admin', '#site-header a'],
  ];
  // The shared asset form open where it is an edit: the review card and My records.
  const FORMS: [string, string, 'volunteer' | 'coordinator', (page: Page) => Promise<void>][] = [
    ['review card’s edit form', '/review.html', 'coordinator', async (page) => {
      await page.locator('#queue-list .item-button').first().click();
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.waitForSelector('.edit-form .place-map.leaflet-container');
    }],
    ['My records’ fix-and-resend form', '/my-records.html', 'volunteer', async (page) => {
      await page.getByRole('button', { name: 'Fix and send again' }).first().click();
      await page.waitForSelector('.edit-form .place-map.leaflet-container');
    }],
  ];
  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    for (const [name, path, role, ready] of PAGES) {
      it(`${name} page has no serious or critical violations (${label})`, async () => {
        const context = await browser.newContext({ viewport });
        const page = role === 'anon' ? await context.newPage() : await signInThroughPage(context, app.baseUrl, role, path);
        if (role === 'anon') await page.goto(app.baseUrl + path);
        await page.waitForSelector(ready, { timeout: 60_000 });
        await page.waitForLoadState('networkidle');
        if (name === 'review') {
          await page.locator('#queue-list .item-button').first().click();
          await page.waitForSelector('.submitted-by');
        }
        expect(await seriousViolations(page)).toEqual([]);
        await context.close();
      });
    }
    for (const [name, path, role, open] of FORMS) {
      it(`${name} has no serious or critical violations (${label})`, async () => {
        const context = await browser.newContext({ viewport });
        const page = await signInThroughPage(context, app.baseUrl, role, path);
        await page.waitForSelector('#queue-list .item-button, .record', { timeout: 60_000 });
        await open(page);
        expect(await seriousViolations(page)).toEqual([]);
        await context.close();
      });
    }
  }
});
