/**
 * The session ends (expired, or signed out elsewhere) while a volunteer is mid-capture:
 * the send is kept on the device, the page says "session ended, sign in again" with a link
 * back here, and once signed in the record is sent exactly once (phone and desktop).
 */
import type { Browser } from 'playwright-core';
import { collectPageErrors, describeInBrowser, emailOf, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';
import { TEST_PASSWORD } from '../fixture';

describeInBrowser('capture page: session ended', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const namesInQueue = async () =>
    ((await (await app.ctx.as('coordinator')).get('/api/review/queue?limit=500')).body.items as { name: string }[]).map((a) => a.name);

  // Two records nothing alike (name, phone), so neither is held back as the other's duplicate.
  for (const [label, viewport, name, phone] of [
    ['phone', { width: 390, height: 844 }, 'Sowerby Bridge Recovery Café', '01422 000001'],
    ['desktop', { width: 1280, height: 800 }, 'Mytholmroyd Men’s Shed', '01422 000002'],
  ] as const) {
    it(`keeps the send, says so, and sends it once after signing in again (${label})`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await signInThroughPage(context, app.baseUrl, 'volunteer', '/capture.html');
      const errors = collectPageErrors(page);
      await page.waitForSelector('#capture-form:not([hidden])');
      const box = (await page.locator('#f-map').boundingBox())!;
      await page.locator('#f-map').click({ position: { x: box.width / 2, y: box.height / 2 } });
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Category').selectOption('social_leisure_arts');
      await page.getByLabel('Phone').fill(phone);

      // The server forgets the session, as when it expires.
      const volunteer = await app.ctx.db.knex('app_user').where({ email: emailOf('volunteer') }).first('id');
      await app.ctx.db.knex('user_session').where({ user_id: volunteer.id }).delete();
      expect(await app.ctx.db.knex('user_session').where({ user_id: volunteer.id }).first()).toBeUndefined();
      await page.getByRole('button', { name: 'Send for review' }).click();

      const notice = page.locator('#session-ended');
      expect(await waitForText(notice.locator('h2'), 'Session ended, sign in again')).toBe('Session ended, sign in again');
      await expect(notice.textContent()).resolves.toContain('kept on this device');
      await expect(notice.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).resolves.toBe('/login.html?next=%2Fcapture.html');
      expect(await waitForText(page.locator('#outbox h2'), 'Kept on this device (1)')).toBe('Kept on this device (1)');
      const outbox = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('.outbox')).flatMap((k) => JSON.parse(localStorage.getItem(k)!) as { name: string; body: { phone: string } }[]));
      expect(outbox).toEqual([expect.objectContaining({ name, body: expect.objectContaining({ phone }) })]);
      expect(await namesInQueue()).not.toContain(name);

      await notice.getByRole('link', { name: 'Sign in again' }).click();
      await page.getByLabel('Email address').fill(emailOf('volunteer'));
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${app.baseUrl}/capture.html`);
      expect(await waitForText(page.locator('#result h2'), `Sent for review: ${name}`)).toBe(`Sent for review: ${name}`);
      await expect(page.locator('#session-ended').isHidden()).resolves.toBe(true);
      await expect(page.locator('#outbox').isHidden()).resolves.toBe(true);
      expect((await namesInQueue()).filter((n) => n === name)).toHaveLength(1);
      // The only failures were the refused send itself.
      expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
      await context.close();
    });
  }
});
