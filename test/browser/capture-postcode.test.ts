/**
 * A real postcode the loaded table does not know (Calderdale's demo table lacks OL14,
 * Todmorden) does not stop a capture: the form says "postcode not on file: place it on the
 * map", the volunteer places the pin, and the record keeps the postcode.
 */
import type { Browser } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('capture: a postcode not on file', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('says to place it on the map, and the record keeps the postcode', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 390, height: 844 } }), app.baseUrl, 'volunteer', '/capture.html');
    const errors = collectPageErrors(page);
    await page.waitForSelector('#capture-form:not([hidden])');
    await page.getByLabel('Postcode').fill('ol14 7bx');
    await page.getByRole('button', { name: 'Find' }).click();
    expect(await waitForText(page.locator('.postcode-note'), /^Postcode not on file: place it on the map\./)).toBeTruthy();
    expect(await page.locator('[data-field="sites.0.postcode"] .field-error').count()).toBe(0);
    await expect(page.getByLabel('Postcode').inputValue()).resolves.toBe('OL14 7BX');
    const box = (await page.locator('#f-map').boundingBox())!;
    await page.locator('#f-map').click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.getByLabel('Name', { exact: true }).fill('Todmorden Recovery Café');
    await page.getByLabel('Category').selectOption('recovery_community');
    await page.getByRole('button', { name: 'Send for review' }).click();
    expect(await waitForText(page.locator('#result h2'), 'Sent for review: Todmorden Recovery Café')).toBeTruthy();
    const coordinator = await app.ctx.as('coordinator');
    const [item] = (await coordinator.get('/api/review/queue?limit=10')).body.items;
    expect((await coordinator.get(`/api/assets/${item.id}`)).body.sites[0]).toMatchObject({ postcode: 'OL14 7BX' });
    // The lookup's own answer, 404 for a postcode the table lacks, is the one console line.
    expect(errors.filter((e) => !/status of 404 .*\/api\/postcodes\/ol14%207bx\)$/.test(e))).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
