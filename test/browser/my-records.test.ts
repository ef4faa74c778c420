/**
 * Volunteers see what became of their records (My records, with the coordinator's reason),
 * fix a rejected one and send it again; a coordinator edits a record's place and schedule
 * in the full edit form; errors read as sentences beside the Send button and clear once fixed.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('my records and the full edit form', () => {
  let app: RunningApp;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const volunteer = await app.ctx.as('volunteer');
    const coord = await app.ctx.as('coordinator');
    for (const name of ['Ovenden Carers Group', 'Siddal Recovery Walk', 'Illingworth Recovery Walk', 'Mixenden Men’s Group', 'Boothtown Breakfast']) {
      const res = await volunteer.post('/api/assets', { name, category: 'mutual_aid', sites: [{ lat: 53.73, lng: -1.87, postcode: 'HX3 5AB' }] });
      ids[name] = res.body.asset.id;
    }
    await coord.post(`/api/assets/${ids['Ovenden Carers Group']}/reject`, { reason: 'Please say which day it meets.' });
    await coord.post(`/api/assets/${ids['Mixenden Men’s Group']}/reject`, { reason: 'Needs a day too.' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [label, viewport, name] of [['phone', { width: 390, height: 844 }, 'Ovenden Carers Group'], ['desktop', { width: 1280, height: 800 }, 'Mixenden Men’s Group']] as const) {
    it(`shows the rejection reason; fixing the record sends it again (${label})`, async () => {
      const page = await signInThroughPage(await browser.newContext({ viewport }), app.baseUrl, 'volunteer', '/my-records.html');
      const errors = collectPageErrors(page);
      const card = page.locator('.record', { hasText: name });
      await card.waitFor();
      await expect(card.locator('.status-badge').textContent()).resolves.toBe('Rejected');
      await expect(card.locator('.rejection-reason').textContent()).resolves.toContain(label === 'phone' ? 'Please say which day it meets.' : 'Needs a day too.');
      await card.getByRole('button', { name: 'Fix and send again' }).click();
      // A bad email: the error reads as a sentence beside the field and beside Send, and goes once fixed.
      await card.getByLabel('Email').fill('not-an-email');
      await card.getByRole('button', { name: 'Add a session' }).click();
      await card.getByLabel('Day').selectOption('2');
      await card.getByLabel('Starts').fill('19:00');
      await card.getByRole('button', { name: 'Send again' }).click();
      const submitError = card.locator('.submit-error');
      expect(await waitForText(submitError, /^Not sent: Email/)).toMatch(/^Not sent: Email/);
      expect(await submitError.textContent()).not.toContain('email:');
      await card.getByLabel('Email').fill('hello@example.org');
      await expect(card.locator('[data-field="email"] .field-error').count()).resolves.toBe(0);
      await expect(submitError.count()).resolves.toBe(0);
      await card.getByRole('button', { name: 'Send again' }).click();
      expect(await waitForText(page.locator('#status'), `Sent “${name}” for review again.`)).toBe(`Sent “${name}” for review again.`);
      await expect(page.locator('.record', { hasText: name }).locator('.status-badge').textContent()).resolves.toBe('Pending review');
      const coord = await app.ctx.as('coordinator');
      expect((await coord.get(`/api/assets/${ids[name]}`)).body).toMatchObject({ status: 'pending', email: 'hello@example.org', schedule: [{ day: 2, start: '19:00' }] });
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
      await page.context().close();
    });
  }

  for (const [label, viewport, name] of [['desktop', { width: 1280, height: 800 }, 'Siddal Recovery Walk'], ['phone', { width: 390, height: 844 }, 'Illingworth Recovery Walk']] as const) {
    it(`a coordinator edits a record’s place and schedule in the shared form (${label})`, async () => {
      const page = await signInThroughPage(await browser.newContext({ viewport }), app.baseUrl, 'coordinator', '/review.html');
      const errors = collectPageErrors(page);
      await page.locator('#queue-list .item-button', { hasText: name }).click();
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.locator('.edit-form');
      // The capture page's form: its place map opens on the saved pin.
      expect(await waitForText(form.locator('.point-readout'), 'Pin placed where it is saved: 53.73000, -1.87000.')).toBe('Pin placed where it is saved: 53.73000, -1.87000.');
      await form.getByLabel('Venue').fill('Community Centre');
      await form.getByLabel('Postcode').fill('HX3 9AA');
      if (label === 'phone') {
        // Moving the pin: a tap on the map east of the saved place.
        const box = (await form.locator('.place-map').boundingBox())!;
        await form.locator('.place-map').click({ position: { x: box.width / 2 + 60, y: box.height / 2 } });
        expect(await waitForText(form.locator('.point-readout'), /^Pin placed from the map: /)).toMatch(/^Pin placed from the map: /);
      }
      await form.getByRole('button', { name: 'Add a session' }).click();
      await form.getByLabel('Day').selectOption('6');
      await form.getByLabel('Starts').fill('10:30');
      await form.getByLabel('Ends').fill('12:00');
      await form.getByLabel('Peer participation').selectOption({ index: 1 });
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Saved changes'));
      const coord = await app.ctx.as('coordinator');
      const saved = (await coord.get(`/api/assets/${ids[name]}`)).body;
      expect(saved.schedule).toEqual([expect.objectContaining({ day: 6, start: '10:30', end: '12:00' })]);
      expect(saved.sites).toHaveLength(1);
      expect(saved.sites[0]).toMatchObject({ venueName: 'Community Centre', postcode: 'HX3 9AA' });
      if (label === 'phone') {
        // 60 px east at zoom 15 is about 170 m (2.8 m a pixel at 53.7° N): the pin moved east, barely north or south.
        expect(saved.sites[0].lng).toBeGreaterThan(-1.87);
        expect(saved.sites[0].lat).toBeCloseTo(53.73, 3);
      } else {
        expect(saved.sites[0]).toMatchObject({ lat: 53.73, lng: -1.87 });
      }
      expect(saved.participationLevel).not.toBeNull();
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
  it('the review card says who sent it and when, with its history; the queue filters and publishes in bulk (phone)', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 390, height: 844 } }), app.baseUrl, 'coordinator', '/review.html');
    page.on('dialog', (d) => void d.accept());
    await page.locator('#queue-list .item-button', { hasText: 'Boothtown Breakfast' }).click();
    expect(await waitForText(page.locator('.submitted-by'), /^Sent by Vic Volunteer on /)).toMatch(/how they heard of it was not given$/);
    await expect(page.locator('.history summary').textContent()).resolves.toMatch(/^History \(\d+ changes?\)$/);
    await page.getByLabel('District (e.g. HX1)').fill('hx9');
    await page.getByLabel('District (e.g. HX1)').press('Tab');
    await page.waitForFunction(() => document.getElementById('queue-list')?.textContent === 'Nothing is waiting for review.');
    await page.getByLabel('District (e.g. HX1)').fill('HX3');
    await page.getByLabel('District (e.g. HX1)').press('Tab');
    await page.locator('#queue-list .item-button').first().waitFor();
    const shown = await page.locator('#queue-list .item-name').allTextContents();
    expect(shown.length).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Make all shown public' }).click();
    expect(await waitForText(page.locator('#status'), `Published ${shown.length}.`)).toBe(`Published ${shown.length}.`);
    const coord = await app.ctx.as('coordinator');
    expect((await coord.get('/api/review/queue?area=HX3')).body.items).toEqual([]);
    await page.context().close();
  });


  it('a commissioner sees the registry as a table with counts and a CSV download (desktop and phone)', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const page = await signInThroughPage(await browser.newContext({ viewport, acceptDownloads: true }), app.baseUrl, 'commissioner', '/registry.html');
      await page.waitForSelector('.registry-table');
      const coord = await app.ctx.as('coordinator');
      const published = (await coord.get('/api/assets?limit=5000')).body.items as { category: string; commissioning: string | null }[];
      await expect(page.locator('.registry-table tbody tr').count()).resolves.toBe(published.length);
      const independent = published.filter((a) => a.commissioning === 'independent').length;
      await expect(page.locator('caption', { hasText: 'By commissioning' }).locator('xpath=..').locator('tr[data-code="independent"] td').textContent()).resolves.toBe(String(independent));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download CSV/ }).click()]);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toBe('name,category,organisation,venue,postcode,latitude,longitude,location_precision,phone,email,website,who_for,peer_led,commissioning,participation_level,last_verified');
      expect(csv.trim().split('\r\n')).toHaveLength(published.length + 1);
      await page.context().close();
    }
  });
});
