/**
 * A linkage campaign through the pages, as people would run it: a researcher designs and
 * draws it and assigns the pairs to the volunteer; the volunteer records attempts and
 * outcomes on a phone-sized page (one reply lost on the way and resent from the outbox,
 * counted once); the researcher closes it; the results page and the map's pathway layer
 * show the rates the API computes, and the reach rate's interval is checked against a
 * Wilson interval worked here from the counts this test made.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Client } from '../harness';
import { makeLinkageAssets } from '../linkage-fixture';
import type { CampaignResults, PairPage, Rate } from '../../server/linkage/types';
import { accessibilityProblems, pct, wilsonHand } from './linkage-support';
import { collectPageErrors, countColours, describeInBrowser, forceTileMode, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('linkage campaign: design, calls on a phone, results and the pathway map', () => {
  let app: RunningApp;
  let browser: Browser;
  let researcherContext: BrowserContext;
  let researcher: Page;
  let researcherApi: Client;
  let phone: Page;
  let campaignId: string;
  let researcherErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await makeLinkageAssets(await app.ctx.as('coordinator'));
    researcherApi = await app.ctx.as('researcher');
    researcherContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    researcher = await signInThroughPage(researcherContext, app.baseUrl, 'researcher', '/campaigns.html');
    researcherErrors = collectPageErrors(researcher);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const pairsFromApi = async (): Promise<PairPage['items']> =>
    (await researcherApi.get(`/api/campaigns/${campaignId}/pairs?limit=500`)).body.items;

  it('a researcher builds a stratified campaign, plans it, and draws the pairs', async () => {
    await researcher.waitForSelector('#campaigns:not([hidden])');
    await researcher.getByRole('button', { name: 'New campaign' }).click();
    await researcher.getByLabel('Campaign name').fill('Browser pathways');
    await expect(researcher.getByLabel(/^Disclosed/).isChecked()).resolves.toBe(true);
    await expect(researcher.locator('#f-approach-simulated_enquiry-ethics').innerText()).resolves.toContain('ethics review');
    await researcher.locator('summary', { hasText: 'Categories' }).click();
    await researcher.locator('#f-frame-categories-treatment').check();
    await researcher.locator('#f-frame-categories-mutual_aid').check();
    await researcher.getByRole('button', { name: 'Add a stratum' }).click();
    await researcher.getByLabel('Call a service in').selectOption('treatment');
    await researcher.getByLabel('Ask about a service in').selectOption('mutual_aid');
    await researcher.getByLabel('Pairs', { exact: true }).fill('4');
    // With strata the number of pairs is their sum, filled in.
    await expect(researcher.getByLabel(/^Number of pairs/).inputValue()).resolves.toBe('4');
    await researcher.getByLabel(/^Most calls to any one service/).fill('2');
    // The planner asks the API (rate 50%, ±10 points, 20% unreachable: Wilson n = 93 reached, 93 / 0.8 → 117).
    await researcher.getByRole('button', { name: 'Plan' }).click();
    expect(await waitForText(researcher.locator('.plan-result'), /^Draw 117 pairs/)).toMatch(/93 reached pairs needed/);
    await researcher.getByRole('button', { name: 'Create campaign' }).click();
    expect(await waitForText(researcher.locator('#status'), /created/)).toContain('Browser pathways');
    campaignId = new URL(researcher.url()).searchParams.get('id')!;
    expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);

    // Frame check: 3 treatment × 4 mutual aid, less T3–M1 at the same site = 11; cap 2 per service → 6.
    expect(await waitForText(researcher.locator('.frame-preview p').first(), /at most 6 pairs/)).toContain('7 published assets');
    await researcher.getByLabel(/^Seed/).fill('777');
    await researcher.getByRole('button', { name: 'Draw the pairs' }).click();
    expect(await waitForText(researcher.locator('#status'), /pairs drawn/)).toBe('4 pairs drawn (seed 777).');
    expect(await waitForText(researcher.locator('.campaign-counts'), /^4 pairs/)).toContain('0 assigned');
    await researcher.waitForSelector('.pairs-table table');
    expect(await accessibilityProblems(researcher)).toEqual([]);
  });

  it('assigns one pair by hand and the rest in bulk to the volunteer', async () => {
    await researcher.getByLabel('Caller', { exact: true }).selectOption({ label: 'Vic Volunteer (volunteer)' });
    await researcher.getByRole('checkbox', { name: 'Pair 1', exact: true }).check();
    await researcher.getByRole('button', { name: 'Assign the ticked pairs', exact: true }).click();
    expect(await waitForText(researcher.locator('#status'), /assigned/)).toBe('1 pair(s) assigned to Vic Volunteer (volunteer).');
    await researcher.getByLabel(/this many/).fill('10');
    await researcher.getByRole('button', { name: 'Assign next' }).click();
    expect(await waitForText(researcher.locator('#status'), /^3 pair/)).toBe('3 pair(s) assigned to Vic Volunteer (volunteer).');
    const pairs = await pairsFromApi();
    expect(pairs.map((p) => p.caller?.displayName)).toEqual(['Vic Volunteer', 'Vic Volunteer', 'Vic Volunteer', 'Vic Volunteer']);
  });

  it('the volunteer records attempts and outcomes on a phone-sized page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone = await signInThroughPage(context, app.baseUrl, 'volunteer', '/calls.html');
    const phoneErrors = collectPageErrors(phone);
    await phone.reload();
    await phone.waitForSelector('#calls:not([hidden])');
    expect(await waitForText(phone.locator('#worklist-heading'), 'Calls to make (4)')).toBe('Calls to make (4)');
    const pairs = await pairsFromApi();
    const card = (n: number) => phone.locator(`article[data-pair-number="${n}"]`);
    const byNumber = (n: number) => pairs.find((p) => p.pairNumber === n)!;

    // Only what the call needs: A's phone, B's name and category, the script with B filled in.
    const first = card(1);
    await expect(first.locator('h3').innerText()).resolves.toBe(`Call ${byNumber(1).a.name}`);
    await expect(first.locator('a[href^="tel:"]').innerText()).resolves.toBe('01422 100200');
    await expect(first.locator('.ask-about').innerText()).resolves.toBe(`${byNumber(1).b.name} (Mutual aid)`);
    await expect(first.locator('.script-text').innerText()).resolves.toContain(`Do you know of ${byNumber(1).b.name} (Mutual aid)?`);
    await expect(first.locator('.hint', { hasText: 'do not record names' }).count()).resolves.toBe(1);
    expect(await accessibilityProblems(phone)).toEqual([]);
    // Phone-sized: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const record = async (n: number, mode: string, result: string, outcome: number | null, note = '') => {
      const c = card(n);
      const before = await c.locator('.attempt-list li').count();
      await c.getByLabel('How', { exact: true }).selectOption(mode);
      await c.locator(`input[value="${result}"]`).check();
      if (outcome !== null) await c.locator(`input[name^="outcome-"][value="${outcome}"]`).check();
      // Referral information: the form asks apart whether contact details were given too (issue 21, item 12).
      if (outcome === 3) await c.locator('input[name^="contact-"][value="yes"]').check();
      if (note) await c.getByLabel(/^Note/).fill(note);
      await c.getByRole('button', { name: 'Save this attempt' }).click();
      await phone.waitForFunction(({ n, before }) => {
        const el = document.querySelector(`article[data-pair-number="${n}"]`);
        return !!el && el.querySelectorAll('.attempt-list li').length === before + 1 && !el.querySelector('.attempt-list .pending');
      }, { n, before });
    };
    await record(1, 'phone', 'no_answer', null);
    // After a save, keyboard focus is back on that call's card, not lost at the top of the page.
    await expect(phone.evaluate(() => document.activeElement?.id)).resolves.toBe(`pair-${byNumber(1).id}-heading`);
    // The outcome question appears only once the service is reached.
    await expect(card(1).locator('.outcome-choices').isHidden()).resolves.toBe(true);
    await card(1).locator('input[value="answered"]').check();
    await expect(card(1).locator('.outcome-choices').isVisible()).resolves.toBe(true);
    await record(1, 'phone', 'answered', 3);
    await record(2, 'phone', 'answered', 2, 'Gave the group’s number');
    await record(3, 'phone', 'voicemail', null);
    await record(3, 'phone', 'no_answer', null);
    await record(3, 'phone', 'wrong_number', null);
    expect(await waitForText(phone.locator('#worklist-heading'), 'Calls to make (1)')).toBe('Calls to make (1)');
    expect(phoneErrors).toEqual([]);
    // Blinding: the caller is offered no results of the campaign while it runs.
    const results = await context.newPage();
    await results.goto(`${app.baseUrl}/results.html`);
    expect(await waitForText(results.locator('#results'), /No campaign results you can read yet/)).toBeTruthy();
    await expect(results.locator('#campaign-picker option').allInnerTexts()).resolves.toEqual(['Choose a campaign']);
    await results.close();
  });

  it('keeps an attempt whose reply was lost in the outbox and resends it once', async () => {
    const pair4 = (await pairsFromApi()).find((p) => p.pairNumber === 4)!;
    await phone.route('**/api/campaign-pairs/*/attempts', async (route) => {
      await route.fetch(); // reaches the server and is recorded…
      await route.abort('connectionreset'); // …but the phone never hears back
    });
    const c = phone.locator('article[data-pair-number="4"]');
    await c.getByLabel('How', { exact: true }).selectOption('email');
    await c.locator('input[value="replied"]').check();
    await c.locator('input[name^="outcome-"][value="0"]').check();
    await c.getByRole('button', { name: 'Save this attempt' }).click();
    expect(await waitForText(phone.locator('#outbox h2'), 'Kept on this device (1)')).toBe('Kept on this device (1)');
    // Only once the send has failed (the server did record it) is the attempt still waiting on the phone.
    expect(await waitForText(phone.locator('#status'), /will be sent when the connection is back/)).toBe('Saved on this device; 1 attempt(s) will be sent when the connection is back.');
    expect((await pairsFromApi()).find((p) => p.id === pair4.id)!.attempts).toHaveLength(1);
    await phone.unroute('**/api/campaign-pairs/*/attempts');
    await phone.reload();
    expect(await waitForText(phone.locator('#worklist-heading'), 'Calls to make (0)')).toBe('Calls to make (0)');
    // The resend (answered 200, replayed) empties the outbox.
    await phone.waitForSelector('#outbox', { state: 'hidden' });
    expect(await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('waymark.calls.')))).toEqual([]);
    const after = (await pairsFromApi()).find((p) => p.id === pair4.id)!;
    expect(after).toMatchObject({ status: 'reached', outcome: 0 });
    expect(after.attempts).toHaveLength(1);
  });

  it('the researcher closes the campaign; the results page shows the API’s rates, and the reach interval is Wilson’s', async () => {
    await researcher.reload();
    await researcher.getByRole('button', { name: 'Close the campaign' }).click();
    await researcher.getByRole('button', { name: 'Yes, close it' }).click();
    expect(await waitForText(researcher.locator('#lifecycle-heading'), 'Closed')).toBe('Closed');
    // The team sees the note in the pairs table; the results page (and its API) never carry it.
    expect(await waitForText(researcher.locator('.pairs-table'), /Gave the group’s number/)).toContain('Gave the group’s number');
    await researcher.getByRole('button', { name: 'Publish the summary' }).click();
    expect(await waitForText(researcher.locator('#lifecycle-heading'), 'Closed, published')).toBe('Closed, published');

    const api: CampaignResults = (await researcherApi.get(`/api/campaigns/${campaignId}/results`)).body;
    expect(api.counts).toMatchObject({ pairs: 4, closed: 4, reached: 3, unreachable: 1, open: 0 });
    await researcher.goto(`${app.baseUrl}/results.html?id=${campaignId}`);
    await researcher.waitForSelector(`#results[data-loaded="${campaignId}"]`);
    const row = (table: string, metric: string) => researcher.locator(`#${table} tr[data-metric="${metric}"]`);
    const expectRow = async (table: string, metric: string, rate: Rate) => {
      await expect(row(table, metric).locator('.count').innerText()).resolves.toBe(`${rate.x} / ${rate.n}`);
      await expect(row(table, metric).locator('.estimate').innerText()).resolves.toBe(pct(rate.estimate));
      await expect(row(table, metric).locator('.ci').innerText()).resolves.toBe(`${pct(rate.lower)}–${pct(rate.upper)}`);
    };
    await expectRow('rates-closed', 'reach', api.rates.reach);
    for (const k of ['knew', 'information', 'referral'] as const) {
      await expectRow('rates-closed', `${k}_amongClosed`, api.rates.amongClosed[k]);
      await expectRow('rates-reached', `${k}_amongReached`, api.rates.amongReached[k]);
    }
    // By hand from what this test recorded: reached 3 of 4; outcomes 3, 2, 0 → contact details or more 2 of 4 closed.
    const reach = wilsonHand(3, 4);
    expect(reach.lower).toBeCloseTo(0.3006418, 6); // R: prop.test(3, 4, correct = FALSE)$conf.int
    expect(reach.upper).toBeCloseTo(0.9544127, 6);
    expect(api.rates.reach).toMatchObject({ x: 3, n: 4, estimate: 0.75 });
    expect(api.rates.reach.lower!).toBeCloseTo(reach.lower, 4);
    expect(api.rates.reach.upper!).toBeCloseTo(reach.upper, 4);
    await expect(row('rates-closed', 'reach').locator('.ci').innerText()).resolves.toBe('30.1%–95.4%');
    const info = wilsonHand(2, 4);
    await expect(row('rates-closed', 'information_amongClosed').locator('.ci').innerText()).resolves.toBe(`${pct(info.lower)}–${pct(info.upper)}`);
    // The chart draws a Wilson bar per rate; the heatmap has its one category pair.
    await expect(researcher.locator('#rates-closed svg .wilson-bar').count()).resolves.toBe(4);
    await expect(researcher.locator('.heatmap td.heat-cell').innerText()).resolves.toMatch(/^50%\s*n=4$/);
    // Each service's in / out / reach cells, as the API counts them.
    const assetRows = await researcher.locator('.assets-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-asset-id'), ...[...r.querySelectorAll('td')].slice(1).map((td) => td.textContent)]));
    expect(assetRows).toEqual(api.assets.map((a) => [a.assetId,
      ...[a.in, a.out, a.reach].flatMap((rate) => [`${rate.x} / ${rate.n}`, pct(rate.estimate), rate.lower === null ? '–' : `${pct(rate.lower)}–${pct(rate.upper)}`])]));
    // One-way random pairs: the network figures carry no information and are hidden, their counts said in words (issue 21, item 13).
    const hidden = (api as unknown as { method?: { networkInformative?: { informative: boolean } } }).method?.networkInformative?.informative === false;
    await expect(researcher.locator(hidden ? '.network-hidden' : '.network-facts').innerText()).resolves.toContain(hidden ? `${api.network.edges} working links` : `Links\n${api.network.edges}`);
    expect(await researcher.locator('#results').innerText()).not.toContain('Gave the group’s number');
    expect(await researcher.locator('#results').innerText()).not.toContain('Vic Volunteer');
    expect(await accessibilityProblems(researcher)).toEqual([]);
  });

  it('compares the campaign with an earlier one, as the API does', async () => {
    // An earlier campaign on the same design, worked through the API: reached 2 of 4 (outcomes 2 and 0).
    const created = await researcherApi.post('/api/campaigns', {
      name: 'Earlier pathways', approach: 'disclosed', frame: { categories: ['treatment', 'mutual_aid'] },
      design: { strata: [{ from: 'treatment', to: 'mutual_aid', count: 4 }], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: 2 },
    });
    expect(created.status).toBe(201);
    const beforeId: string = created.body.id;
    expect((await researcherApi.post(`/api/campaigns/${beforeId}/draw`, { seed: 5 })).status).toBe(200);
    const volunteerApi = await app.ctx.as('volunteer');
    expect((await researcherApi.post(`/api/campaigns/${beforeId}/assignments`, { callerId: (await volunteerApi.get('/api/auth/me')).body.user.id, count: 4 })).status).toBe(200);
    const beforePairs: PairPage['items'] = (await researcherApi.get(`/api/campaigns/${beforeId}/pairs`)).body.items;
    const at = new Date(Date.now() - 60_000).toISOString();
    const post = (pairId: string, result: string, outcome?: number) =>
      volunteerApi.post(`/api/campaign-pairs/${pairId}/attempts`, { attemptedAt: at, mode: 'phone', result, ...(outcome === undefined ? {} : { outcome }) });
    expect((await post(beforePairs[0]!.id, 'answered', 2)).status).toBe(201);
    expect((await post(beforePairs[1]!.id, 'answered', 0)).status).toBe(201);
    for (const p of beforePairs.slice(2)) for (let i = 0; i < 3; i++) expect((await post(p.id, 'no_answer')).status).toBe(201);
    expect((await researcherApi.post(`/api/campaigns/${beforeId}/close`, {})).status).toBe(200);

    await researcher.reload();
    await researcher.waitForSelector(`#results[data-loaded="${campaignId}"]`);
    await researcher.getByLabel('Before', { exact: true }).selectOption({ label: 'Earlier pathways' });
    const api = (await researcherApi.get(`/api/campaigns/${campaignId}/comparison?with=${beforeId}`)).body;
    const reach = api.rows.find((r: { metric: string }) => r.metric === 'reach');
    expect(reach.before).toMatchObject({ x: 2, n: 4 });
    expect(reach.after).toMatchObject({ x: 3, n: 4 });
    const cells = researcher.locator('.comparison-table tr[data-metric="reach"] td');
    expect(await waitForText(cells.nth(0), '50.0% (2/4)')).toBe('50.0% (2/4)');
    const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;
    await expect(cells.allInnerTexts()).resolves.toEqual([
      '50.0% (2/4)', '75.0% (3/4)', '+25.0',
      `${points(reach.difference.lower)} to ${points(reach.difference.upper)}`,
      reach.pValue.toFixed(3),
    ]);
    // By hand: 2×2 chi-square for 3/4 vs 2/4 (pooled 5/8): X² = 8 × (3×2 − 1×2)² / (4 × 4 × 5 × 3) = 0.5333, p = 0.4652.
    expect(reach.chiSquare).toBeCloseTo(0.5333, 4);
    expect(reach.pValue).toBeCloseTo(0.4652, 4);
  });

  it('a commissioner reads the closed campaign’s results and exports, never notes or callers', async () => {
    const commissioner = await signInThroughPage(await browser.newContext(), app.baseUrl, 'commissioner', `/results.html?id=${campaignId}`);
    const commissionerErrors = collectPageErrors(commissioner);
    await commissioner.waitForSelector(`#results[data-loaded="${campaignId}"]`);
    await expect(commissioner.locator('#rates-closed tr[data-metric="reach"] .ci').innerText()).resolves.toBe('30.1%–95.4%');
    const links = await commissioner.locator('.exports a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining([`/api/campaigns/${campaignId}/export/pairs.csv`, `/api/campaigns/${campaignId}/export/codebook.csv`]));
    const csv = await commissioner.request.get(`${app.baseUrl}/api/campaigns/${campaignId}/export/pairs.csv`);
    expect(csv.status()).toBe(200);
    const text = await commissioner.locator('body').innerText();
    expect(text).not.toContain('Gave the group’s number');
    expect(text).not.toContain('Vic Volunteer');
    expect(commissionerErrors).toEqual([]);
  });

  it('a published summary is readable by anyone, without the team’s exports', async () => {
    const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const visitorErrors = collectPageErrors(visitor);
    await visitor.goto(`${app.baseUrl}/results.html?id=${campaignId}`);
    await visitor.waitForSelector(`#results[data-loaded="${campaignId}"]`);
    await expect(visitor.locator('#rates-closed tr[data-metric="reach"] .ci').innerText()).resolves.toBe('30.1%–95.4%');
    const links = await visitor.locator('.exports a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.some((l) => l!.endsWith('.csv'))).toBe(false);
    expect(links).toContain(`/api/campaigns/${campaignId}/export/summary.json`);
    expect(visitorErrors).toEqual([]);
  });

  it('the map’s pathway layer draws the arcs and shows the same rates', async () => {
    const map = await researcherContext.newPage();
    const mapErrors = collectPageErrors(map);
    await map.goto(`${app.baseUrl}/`);
    await map.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    // Okabe–Ito bluish green marks outcome 2 and no category in this test's frame.
    const GREEN = '#009E73';
    const before = await countColours(map, '#map canvas', { green: GREEN }, 16);
    await map.getByLabel('Campaign').selectOption({ label: 'Browser pathways' });
    await map.waitForSelector(`body[data-pathways-ready="${campaignId}"]`, { timeout: 60_000 });
    const api: CampaignResults = (await researcherApi.get(`/api/campaigns/${campaignId}/results`)).body;
    const r = api.rates.reach;
    await expect(map.locator('#pathway-rates [data-metric="reach"]').innerText()).resolves.toBe(`${pct(r.estimate)} (95% CI ${pct(r.lower)}–${pct(r.upper)})`);
    const info = api.rates.amongClosed.information;
    await expect(map.locator('#pathway-rates [data-metric="information_amongClosed"]').innerText()).resolves.toBe(`${pct(info.estimate)} (95% CI ${pct(info.lower)}–${pct(info.upper)})`);
    const after = await countColours(map, '#map canvas', { green: GREEN }, 16);
    expect(before.green).toBe(0);
    expect(after.green).toBeGreaterThan(40);
    // The text alternative lists the four pathways with their outcomes in words.
    await expect(map.locator('#pathway-body details').first().locator('tbody tr').count()).resolves.toBe(4);
    await expect(map.locator('#pathway-body').innerText()).resolves.toContain('Could not be reached');
    expect(await accessibilityProblems(map)).toEqual([]);
    expect(mapErrors).toEqual([]);
    expect(researcherErrors).toEqual([]);
  });

  it('the pathway layer draws the same arcs over tiled assets (a partnership past WAYMARK_MAP_TILES_FROM)', async () => {
    const map = await researcherContext.newPage();
    await forceTileMode(map);
    const mapErrors = collectPageErrors(map);
    await map.goto(`${app.baseUrl}/`);
    await map.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    expect(await map.evaluate(() => document.body.dataset.assetSource)).toBe('tiles');
    const GREEN = '#009E73';
    const before = await countColours(map, '#map canvas', { green: GREEN }, 16);
    await map.getByLabel('Campaign').selectOption({ label: 'Browser pathways' });
    await map.waitForSelector(`body[data-pathways-ready="${campaignId}"]`, { timeout: 60_000 });
    const after = await countColours(map, '#map canvas', { green: GREEN }, 16);
    expect(before.green).toBe(0);
    expect(after.green).toBeGreaterThan(40);
    await expect(map.locator('#pathway-body details').first().locator('tbody tr').count()).resolves.toBe(4);
    expect(await accessibilityProblems(map)).toEqual([]);
    expect(mapErrors).toEqual([]);
  });
});
