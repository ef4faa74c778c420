/** The capture page opens with no signal once it has been visited (service worker, client/public/sw.js). */
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp } from './support';

describeInBrowser('capture page offline', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => { [app, browser] = await Promise.all([startApp(), launchBrowser()]); });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('reloads with the network off after one visit, form and map included', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signInThroughPage(context, app.baseUrl, 'volunteer', '/capture.html');
    await page.waitForSelector('#capture-form:not([hidden])');
    await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).active), undefined, { timeout: 20_000 });
    // A second online load goes through the worker, which keeps a copy of everything the page fetched.
    await page.reload();
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
    await page.waitForSelector('#capture-form:not([hidden])');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#capture-form:not([hidden])', { timeout: 20_000 });
    await page.waitForSelector('.leaflet-container');
    await expect(page.getByLabel('Name', { exact: true }).isVisible()).resolves.toBe(true);
    await context.setOffline(false);
    await context.close();
  });
});
