/**
 * The whole journey in a real browser: a volunteer records an asset on the capture page by
 * tapping the map and filling the form; a coordinator publishes it from the review queue;
 * an anonymous visitor then finds it on the map and through the API.
 */
import type { Browser } from 'playwright-core';
import { TEST_BOUNDARY } from '../fixture';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

const NAME = 'Sowerby Bridge Recovery Café';
const [[[[minLng, minLat], , [maxLng, maxLat]]]] = TEST_BOUNDARY.coordinates as unknown as [[[[number, number], [number, number], [number, number]]]];

describeInBrowser('capture → review → public map', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a volunteer records an asset, a coordinator publishes it, and the public can see it', async () => {
    // The volunteer, on a phone.
    const volunteerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const capture = await signInThroughPage(volunteerContext, app.baseUrl, 'volunteer', '/capture.html');
    const captureErrors = collectPageErrors(capture);
    await capture.waitForSelector('#capture-form:not([hidden])');
    const mapBox = (await capture.locator('#f-map').boundingBox())!;
    await capture.locator('#f-map').click({ position: { x: mapBox.width / 2, y: mapBox.height / 2 } });
    expect(await waitForText(capture.locator('#f-point-readout'), /^Pin placed from the map: 53\.\d+, -1\.\d+\.$/)).toMatch(/^Pin placed from the map: 53\.\d+, -1\.\d+\.$/);
    await capture.getByLabel('Name', { exact: true }).fill(NAME);
    await capture.getByLabel('Category').selectOption('recovery_community');
    await capture.getByLabel('What happens there').fill('Peer-run café with a weekly recovery check-in.');
    await capture.getByRole('checkbox', { name: 'Women', exact: true }).check();
    await capture.getByRole('checkbox', { name: /peer-led/ }).check();
    await capture.getByRole('button', { name: 'Add a session' }).click();
    await capture.locator('#f-schedule-0-day').selectOption({ label: 'Tuesday' });
    await capture.locator('#f-schedule-0-start').fill('19:00');
    await capture.locator('#f-schedule-0-end').fill('20:30');
    await capture.getByLabel('Can people refer themselves?').selectOption('yes');
    await capture.getByRole('button', { name: 'Send for review' }).click();
    expect(await waitForText(capture.locator('#result h2'), `Sent for review: ${NAME}`)).toBe(`Sent for review: ${NAME}`);
    expect(captureErrors).toEqual([]);

    // Pending: not public yet.
    const anon = await app.ctx.as('anon');
    expect((await anon.get(`/api/assets?q=${encodeURIComponent('Sowerby Bridge')}`)).body.items).toEqual([]);

    // The coordinator, at a desk.
    const coordinatorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const review = await signInThroughPage(coordinatorContext, app.baseUrl, 'coordinator', '/review.html');
    const reviewErrors = collectPageErrors(review);
    await review.locator('#queue-list .item-button', { hasText: NAME }).click();
    expect(await waitForText(review.locator('#review-heading'), NAME)).toBe(NAME);
    await expect(review.locator('#review-detail').innerText()).resolves.toContain('Tuesdays 19:00–20:30');
    await review.getByRole('button', { name: 'Publish' }).click();
    await review.waitForFunction((name) => document.getElementById('status')?.textContent === `Published “${name}”.`, NAME);
    await expect(review.locator('#queue-list .item-button', { hasText: NAME }).count()).resolves.toBe(0);
    expect(reviewErrors).toEqual([]);

    // Anyone: on the map page list, and through the API.
    const visitor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const visitorErrors = collectPageErrors(visitor);
    await visitor.goto(app.baseUrl + '/');
    await visitor.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    await expect(visitor.locator('#asset-list .item-name').allTextContents()).resolves.toEqual([NAME]);
    expect(visitorErrors).toEqual([]);

    const res = await anon.get(`/api/assets?q=${encodeURIComponent('Sowerby Bridge')}`);
    expect(res.body.items).toHaveLength(1);
    const asset = res.body.items[0];
    expect(asset).toMatchObject({
      name: NAME,
      status: 'published',
      category: 'recovery_community',
      whoFor: ['women'],
      peerLed: true,
      selfReferral: true,
      schedule: [expect.objectContaining({ day: 2, start: '19:00', end: '20:30' })],
    });
    expect(asset.sites).toHaveLength(1);
    expect(asset.sites[0].lat).toBeGreaterThan(minLat);
    expect(asset.sites[0].lat).toBeLessThan(maxLat);
    expect(asset.sites[0].lng).toBeGreaterThan(minLng);
    expect(asset.sites[0].lng).toBeLessThan(maxLng);
  });
});
