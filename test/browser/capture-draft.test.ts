/**
 * A volunteer's work survives the things phones do: a reload, a request that never
 * arrives, a connection that drops and comes back. Nothing leaves the device's outbox until
 * the server has accepted it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('capture page: drafts and the outbox', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await signInThroughPage(context, app.baseUrl, 'volunteer', '/capture.html');
    await page.waitForSelector('#capture-form:not([hidden])');
  });
  afterEach(() => context?.close());
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function placeAndName(name: string): Promise<void> {
    const box = (await page.locator('#f-map').boundingBox())!;
    await page.locator('#f-map').click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Category').selectOption('mutual_aid');
  }

  const outboxItems = () => page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.endsWith('.outbox')).flatMap((k) => JSON.parse(localStorage.getItem(k)!) as { name: string }[]));

  async function namesInQueue(): Promise<string[]> {
    const coordinator = await app.ctx.as('coordinator');
    return (await coordinator.get('/api/review/queue?limit=500')).body.items.map((a: { name: string }) => a.name);
  }

  it('keeps every answer and the pin across a reload', async () => {
    await placeAndName('Brighouse SMART Recovery');
    const pin = await page.locator('#f-point-readout').textContent();
    await page.getByRole('checkbox', { name: 'Men', exact: true }).check();
    await page.getByRole('button', { name: 'Add a session' }).click();
    await page.locator('#f-schedule-0-day').selectOption({ label: 'Thursday' });
    await page.locator('#f-schedule-0-start').fill('18:30');
    await page.getByLabel('Keep the exact place private').check();
    await page.waitForFunction(() => document.getElementById('draft-saved')?.textContent?.startsWith('Saved on this device'));

    await page.reload();
    await page.waitForSelector('#capture-form:not([hidden])');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Brighouse SMART Recovery');
    await expect(page.getByLabel('Category').inputValue()).resolves.toBe('mutual_aid');
    await expect(page.getByRole('checkbox', { name: 'Men', exact: true }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: 'Women', exact: true }).isChecked()).resolves.toBe(false);
    await expect(page.locator('#f-schedule-0-day').inputValue()).resolves.toBe('4');
    await expect(page.locator('#f-schedule-0-start').inputValue()).resolves.toBe('18:30');
    await expect(page.getByLabel('Keep the exact place private').isChecked()).resolves.toBe(true);
    // Same coordinates as before the reload, now said to come from the draft.
    const coordinates = pin!.replace(/^Pin placed from the map: /, '');
    expect(await waitForText(page.locator('#f-point-readout'), `Pin placed from your draft: ${coordinates}`)).toBe(`Pin placed from your draft: ${coordinates}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Your unsent draft is back'));
  });

  it('queues a send that never reached the server, and sends it on the next visit', async () => {
    await page.route('**/api/assets', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await placeAndName('Todmorden Recovery Walk');
    await page.getByRole('button', { name: 'Send for review' }).click();
    expect(await waitForText(page.locator('#outbox h2'), 'Kept on this device (1)')).toBe('Kept on this device (1)');
    expect(await outboxItems()).toEqual([expect.objectContaining({ name: 'Todmorden Recovery Walk' })]);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('');
    expect(await namesInQueue()).not.toContain('Todmorden Recovery Walk');

    await page.unroute('**/api/assets');
    await page.reload();
    expect(await waitForText(page.locator('#result h2'), 'Sent for review: Todmorden Recovery Walk')).toBe('Sent for review: Todmorden Recovery Walk');
    await expect(page.locator('#outbox').isHidden()).resolves.toBe(true);
    expect(await outboxItems()).toEqual([]);
    expect(await namesInQueue()).toContain('Todmorden Recovery Walk');
  });

  it('a send whose reply was lost is resent without making a second record', async () => {
    // The request reaches the server and is saved, but the phone never hears back.
    await page.route('**/api/assets', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await placeAndName('Luddenden Knit and Natter');
    await page.getByRole('button', { name: 'Send for review' }).click();
    expect(await waitForText(page.locator('#outbox h2'), 'Kept on this device (1)')).toBe('Kept on this device (1)');
    expect((await namesInQueue()).filter((n) => n === 'Luddenden Knit and Natter')).toHaveLength(1);

    await page.unroute('**/api/assets');
    await page.reload();
    expect(await waitForText(page.locator('#result h2'), 'Sent for review: Luddenden Knit and Natter')).toBe('Sent for review: Luddenden Knit and Natter');
    expect(await outboxItems()).toEqual([]);
    expect((await namesInQueue()).filter((n) => n === 'Luddenden Knit and Natter')).toHaveLength(1);
  });

  it('sends what waited offline when the connection comes back', async () => {
    await placeAndName('Hebden Bridge Family Group');
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Send for review' }).click();
    expect(await waitForText(page.locator('#outbox h2'), 'Kept on this device (1)')).toBe('Kept on this device (1)');
    expect(await namesInQueue()).not.toContain('Hebden Bridge Family Group');

    await context.setOffline(false);
    expect(await waitForText(page.locator('#result h2'), 'Sent for review: Hebden Bridge Family Group')).toBe('Sent for review: Hebden Bridge Family Group');
    expect(await outboxItems()).toEqual([]);
    expect(await namesInQueue()).toContain('Hebden Bridge Family Group');
  });

  it('asks visitors to sign in, and tells roles that cannot add assets why', async () => {
    const anonymous = await (await browser.newContext()).newPage();
    await anonymous.goto(`${app.baseUrl}/capture.html`);
    // The gate is filled once the session is known: wait for its text rather than read it once.
    expect(await waitForText(anonymous.locator('#gate'), /Sign in to add a recovery asset\./)).toContain('Sign in to add a recovery asset.');
    await expect(anonymous.locator('#gate').innerText()).resolves.toBe('Sign in to add a recovery asset.');
    await expect(anonymous.locator('#gate a').getAttribute('href')).resolves.toBe('/login.html?next=%2Fcapture.html');
    await expect(anonymous.locator('#capture-form').isHidden()).resolves.toBe(true);
    const commissioner = await signInThroughPage(await browser.newContext(), app.baseUrl, 'commissioner', '/capture.html');
    expect(await waitForText(commissioner.locator('#gate'), /You are signed in as a commissioner\./)).toContain('You are signed in as a commissioner.');
    await expect(commissioner.locator('#capture-form').isHidden()).resolves.toBe(true);
  });

  it('shows the server’s field errors beside the fields and keeps the draft', async () => {
    await placeAndName('Elland Peer Support');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Send for review' }).click();
    const emailError = page.locator('[data-field="email"] .field-error');
    expect(await waitForText(emailError, /email/i)).toMatch(/email/i);
    await expect(page.getByLabel('Email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('.error-summary a[href="#f-email"]').count()).resolves.toBe(1);
    expect(await outboxItems()).toEqual([]);
    await page.reload();
    await page.waitForSelector('#capture-form:not([hidden])');
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe('not-an-email');
  });
});
