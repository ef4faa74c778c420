/**
 * "Sign in" pressed before the page has finished starting (a slow phone, a busy server):
 * the password must never end up in the page's address, where the history, the server's
 * request log and any Referer would keep it. With the page's script running, the sign-in
 * goes through even while the page is still asking who is signed in; with no script at all,
 * the form's own submission is a POST.
 */
import type { Browser, Request } from 'playwright-core';
import { TEST_PASSWORD } from '../fixture';
import { describeInBrowser, emailOf, launchBrowser, startApp, type RunningApp } from './support';

describeInBrowser('login page pressed early', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const carriesPassword = (r: Request) => r.url().includes(encodeURIComponent(TEST_PASSWORD)) || r.url().includes('password=');

  it('signs in while the page is still asking who is signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    // Who is signed in answers only after the click: the page is still starting.
    let answerMe!: () => void;
    const meHeld = new Promise<void>((resolve) => { answerMe = resolve; });
    await page.route('**/api/auth/me', async (route) => { await meHeld; await route.continue(); });
    await page.goto(`${app.baseUrl}/login.html?next=%2Fcapture.html`, { waitUntil: 'load' });
    await page.getByLabel('Email address').fill(emailOf('volunteer'));
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    const loginSent = page.waitForRequest((r) => r.url().endsWith('/api/auth/login') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const login = await loginSent;
    expect((await login.response())?.status()).toBe(200);
    answerMe();
    await page.waitForURL(`${app.baseUrl}/capture.html`);
    expect(requests.filter(carriesPassword).map((r) => r.url())).toEqual([]);
    await context.close();
  });

  it('without the page script, the form itself posts: no password in any address', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(`${app.baseUrl}/login.html`, { waitUntil: 'load' });
    await page.getByLabel('Email address').fill(emailOf('volunteer'));
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    const submitted = page.waitForRequest((r) => r.isNavigationRequest());
    await page.getByRole('button', { name: 'Sign in' }).click();
    const sent = await submitted;
    expect(sent.method()).toBe('POST');
    expect(requests.filter(carriesPassword).map((r) => r.url())).toEqual([]);
    await context.close();
  });
});
