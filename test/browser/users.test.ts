/**
 * Accounts without a terminal (issue 20): an admin invites someone on the users page and
 * hands over the one-time link; the invitee sets a password with it and signs in; the
 * admin changes a role and deactivates; the last-admin rule is said, not broken. At 390 and
 * 1440 px, axe clean; the Admin menu links every admin page, coordinators get theirs.
 */
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, seriousViolations, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('users page', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const row = (page: Page, email: string) => page.locator(`tr[data-email="${email}"]`);

  it('at 1440 px: invite, hand over the link, set the password, change the role, deactivate', async () => {
    const page = await signInThroughPage(await browser.newContext({ viewport: { width: 1440, height: 900 } }), app.baseUrl, 'admin', '/users.html');
    const errors = collectPageErrors(page);
    await row(page, 'admin@test.waymark').waitFor();
    expect(await page.locator('.accounts-table tbody tr').count()).toBe(5);

    await page.getByLabel('Name').fill('Ivy Invitee');
    await page.getByLabel('Email').fill('Ivy@Test.Waymark');
    await page.getByLabel('Role', { exact: true }).selectOption('researcher');
    await page.getByRole('button', { name: 'Invite' }).click();
    expect(await waitForText(page.locator('#link-heading'), /Invitation/)).toBe('Invitation link for Ivy Invitee');
    const link = await page.getByLabel('Set-password link').inputValue();
    expect(link).toMatch(new RegExp(`^${app.baseUrl}/set-password\\.html#token=[\\w-]{43}$`));
    expect(await row(page, 'ivy@test.waymark').locator('td').nth(2).textContent()).toMatch(/^Invited: link not used yet/);

    // The invitee, on their own device.
    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(link);
    expect(new URL(invitee.url()).hash).toBe(''); // the token is wiped from the address bar
    await invitee.getByLabel('New password').fill('ivy-chooses-this');
    await invitee.getByLabel('The same password again').fill('ivy-chooses-this');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    expect(await waitForText(invitee.locator('.success'), /password is set/)).toBe('Your password is set for ivy@test.waymark. Sign in');
    expect(await seriousViolations(invitee)).toEqual([]);
    const signedIn = await invitee.request.post(`${app.baseUrl}/api/auth/login`, { data: { email: 'ivy@test.waymark', password: 'ivy-chooses-this' } });
    expect(signedIn.status()).toBe(200);

    await page.reload();
    await row(page, 'ivy@test.waymark').locator('select').selectOption('commissioner');
    expect(await waitForText(page.locator('#status'), /is now/)).toBe('Ivy Invitee is now Commissioner.');
    expect((await app.ctx.db.knex('app_user').where({ email: 'ivy@test.waymark' }).first()).role).toBe('commissioner');
    page.once('dialog', (d) => void d.accept());
    await row(page, 'ivy@test.waymark').getByRole('button', { name: 'Deactivate' }).click();
    expect(await waitForText(page.locator('#status'), /deactivated/)).toBe('Ivy Invitee is deactivated.');
    expect(await row(page, 'ivy@test.waymark').locator('td').nth(2).textContent()).toBe('Deactivated');
    expect(await seriousViolations(page)).toEqual([]); // the table with every kind of row, and the link panel

    // The last admin cannot step down: the API's reason is said and nothing changes.
    await row(page, 'admin@test.waymark').locator('select').selectOption('coordinator');
    expect(await waitForText(page.locator('#status'), /last active admin/)).toMatch(/^This is the last active admin account/);
    expect(await row(page, 'admin@test.waymark').locator('select').inputValue()).toBe('admin');
    // Every admin change above is in the audit trail under this admin.
    const admin = await app.ctx.db.knex('app_user').where({ email: 'admin@test.waymark' }).first();
    const trail = await app.ctx.db.knex('audit_log').where({ actor_id: admin.id }).whereIn('table_name', ['app_user', 'account_invite']).select('table_name', 'action');
    expect(trail).toEqual(expect.arrayContaining([{ table_name: 'app_user', action: 'insert' }, { table_name: 'account_invite', action: 'insert' }, { table_name: 'app_user', action: 'update' }]));
    expect(errors.filter((e) => !e.includes('409 (Conflict)'))).toEqual([]);
  });

  it('at 390 px: a reset link, and the Admin menu with every admin page; coordinators get their own', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signInThroughPage(context, app.baseUrl, 'admin', '/users.html');
    await row(page, 'researcher@test.waymark').getByRole('button', { name: 'Password reset link' }).click();
    expect(await waitForText(page.locator('#link-heading'), /reset/)).toBe('Password reset link for Remy Researcher');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.locator('.manage-menu summary').click();
    expect(await page.locator('.manage-menu summary').textContent()).toBe('Admin');
    expect(await page.locator('.manage-menu a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')])))
      .toEqual([['Import records', '/import.html', null], ['LERO register', '/leros.html', null], ['Participation review', '/participation.html', null],
        ['Import areas', '/areas-import.html', null], ['Users', '/users.html', 'page']]);
    expect(await page.locator('#site-header a[href="/dashboard.html"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    const coordinator = await signInThroughPage(await browser.newContext({ viewport: { width: 390, height: 844 } }), app.baseUrl, 'coordinator', '/users.html');
    expect(await waitForText(coordinator.locator('#users'), /admins/)).toBe('Only admins manage accounts.');
    expect(await coordinator.locator('.manage-menu summary').textContent()).toBe('Manage');
    expect(await coordinator.locator('.manage-menu a').allTextContents()).toEqual(['Import records', 'LERO register', 'Participation review']);
    const volunteer = await signInThroughPage(await browser.newContext(), app.baseUrl, 'volunteer', '/connect.html');
    expect(await volunteer.locator('#site-header a[href="/connect.html"]').getAttribute('aria-current')).toBe('page');
    expect(await volunteer.locator('.manage-menu').count()).toBe(0);
  });
});
