/**
 * The coordinator's queue in a real browser: edits and rejections go through the page,
 * server field errors appear beside the fields, and decided records leave the queue.
 */
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('review page', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const volunteer = await app.ctx.as('volunteer');
    for (const [name, lat] of [['Shelf Mutual Aid Group', 53.72], ['Northowram Walking Group', 53.735]] as const) {
      const res = await volunteer.post('/api/assets', { name, category: 'mutual_aid', sites: [{ lat, lng: -1.85 }] });
      expect(res.status).toBe(201);
    }
    page = await signInThroughPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), app.baseUrl, 'coordinator', '/review.html');
    errors = collectPageErrors(page);
    await page.waitForSelector('#queue-list .item-button');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const queueNames = () => page.locator('#queue-list .item-name').allTextContents();

  it('lists the pending records oldest first, with a count', async () => {
    await expect(queueNames()).resolves.toEqual(['Shelf Mutual Aid Group', 'Northowram Walking Group']);
    expect(await waitForText(page.locator('#count-pending'), '(2)')).toBe('(2)');
  });

  it('edits a record in the capture page’s form, showing its own and the server’s complaints beside the fields first', async () => {
    await page.locator('#queue-list .item-button', { hasText: 'Northowram Walking Group' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    // The same form as capture: its place map, and the sentence it says before sending.
    await page.locator('.edit-form .place-map.leaflet-container').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('N');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await waitForText(page.locator('.edit-form [data-field="name"] .field-error'), 'Enter the name (at least 2 characters)')).toBe('Enter the name (at least 2 characters)');
    await expect(page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    // The server's answer (the form does not check email addresses itself), as a sentence beside Save.
    await page.getByLabel('Name', { exact: true }).fill('Northowram Recovery Walk');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await waitForText(page.locator('.edit-form .submit-error'), /^Not sent: Email/)).toMatch(/^Not sent: Email/);
    await expect(page.getByLabel('Email').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Email').fill('');

    await page.getByLabel('Category').selectOption('social_leisure_arts');
    await page.getByRole('checkbox', { name: 'Older people' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await waitForText(page.locator('#review-heading'), 'Northowram Recovery Walk')).toBe('Northowram Recovery Walk');
    const coordinator = await app.ctx.as('coordinator');
    const queue = (await coordinator.get('/api/review/queue')).body.items;
    expect(queue.find((a: { name: string }) => a.name === 'Northowram Recovery Walk')).toMatchObject({ category: 'social_leisure_arts', whoFor: ['older_people'], status: 'pending' });
  });

  it('rejects only with a reason, and the record leaves the queue', async () => {
    await page.locator('#queue-list .item-button', { hasText: 'Shelf Mutual Aid Group' }).click();
    await page.getByRole('button', { name: 'Reject…' }).click();
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await waitForText(page.locator('[data-field="reason"] .field-error'), 'Say why (3 or more characters)')).toBe('Say why (3 or more characters)');
    await page.getByLabel('Why is it being rejected?').fill('Closed in 2024; the hall confirmed it.');
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Rejected “Shelf Mutual Aid Group”.');
    await expect(queueNames()).resolves.toEqual(['Northowram Recovery Walk']);
    expect(await waitForText(page.locator('#count-pending'), '(1)')).toBe('(1)');
    // The next record opens by itself.
    expect(await waitForText(page.locator('#review-heading'), 'Northowram Recovery Walk')).toBe('Northowram Recovery Walk');
    const coordinator = await app.ctx.as('coordinator');
    const rejected = (await coordinator.get('/api/assets?status=rejected')).body.items;
    expect(rejected).toEqual([expect.objectContaining({ name: 'Shelf Mutual Aid Group', statusReason: 'Closed in 2024; the hall confirmed it.' })]);
  });

  it('filters the queue by who sent it, with how many each has waiting', async () => {
    const admin = await app.ctx.as('admin');
    expect((await admin.post('/api/assets', { name: 'Admin’s Sowerby Drop-in', category: 'advice', sites: [{ lat: 53.71, lng: -1.88 }] })).status).toBe(201);
    await page.reload();
    await page.waitForSelector('#queue-list .item-button');
    const picker = page.getByLabel('Sent by');
    await page.waitForFunction(() => document.querySelectorAll('#queue-submitter option').length === 3);
    // Counted by hand: Vic sent one still pending (the other was rejected above), Ada one.
    await expect(picker.locator('option').allTextContents()).resolves.toEqual(['Anyone', 'Ada Admin (1)', 'Vic Volunteer (1)']);
    await picker.selectOption({ label: 'Ada Admin (1)' });
    await page.waitForFunction(() => [...document.querySelectorAll('#queue-list .item-name')].map((e) => e.textContent).join('|') === 'Admin’s Sowerby Drop-in');
    await picker.selectOption({ label: 'Anyone' });
    await page.waitForFunction(() => document.querySelectorAll('#queue-list .item-name').length === 2);
  });

  it('switches to the stale tab by keyboard', async () => {
    await page.locator('#tab-pending').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#tab-stale').getAttribute('aria-selected')).resolves.toBe('true');
    await page.waitForFunction(() => document.getElementById('queue-list')?.textContent === 'Every published asset has been checked in the last year.');
  });

  it('raised no console errors beyond the validation answers it provoked', () => {
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
