/**
 * The community-connector finder (issue 20) as a navigator uses it: on a phone (390 px) and
 * a desktop (1440 px), axe clean; the list in order with the schedule in words; the short
 * link reopens the same search; the text message fits; the printed list is one page whose
 * text (read back from the PDF with pdfjs-dist) holds the list and nothing of the form.
 */
import type { Browser, Page } from 'playwright-core';
import { toWgs } from '../privacy/postcode-fixture';
import { pdfPages } from '../pdf-text';
import { collectPageErrors, describeInBrowser, launchBrowser, seriousViolations, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('community-connector finder', () => {
  let app: RunningApp;
  let browser: Browser;
  const origin = toWgs(409300, 425300);
  const NEEDS = "women's group on a weekday evening, free, step-free, self-referral";

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const knex = app.ctx.db.knex;
    // As test/api/connect.test.ts: k = 1 and the person's postcode in the refuge's 1 km cell.
    await knex('partnership').update({ mask_min_postcodes: 1 });
    await knex('postcode').insert({ postcode: 'HX1 1ZZ', geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [origin.lng, origin.lat]), la_code: 'E08000033' });
    const coord = await app.ctx.as('coordinator');
    const women = { whoFor: ['women'], cost: 'free', wheelchairAccess: true, selfReferral: true, publish: true };
    for (const body of [
      { name: "Tuesday Evening Women's Circle", category: 'mutual_aid', ...women, schedule: [{ day: 2, start: '19:00', end: '20:30' }], phone: '01422 100200', sites: [{ ...toWgs(409300, 425800), venueName: 'Square Chapel', postcode: 'HX1 1QG' }] },
      { name: 'Calder Women’s Refuge Group', category: 'family_carer_support', ...women, sensitive: true, phone: '0800 100 200', schedule: [{ day: 1, start: '18:00', end: '19:30' }], sites: [{ ...toWgs(409900, 425900), venueName: 'Safe House', address: '1 Secret Street', postcode: 'HX1 5ZZ' }] },
      { name: "Morning Women's Group", category: 'mutual_aid', ...women, schedule: [{ day: 2, start: '10:00' }], sites: [toWgs(409300, 425350)] },
      { name: 'Saturday Recovery Café', category: 'recovery_community', cost: 'free', tags: ['drop-in'], publish: true, schedule: [{ day: 6, start: '10:00', end: '14:00' }], sites: [toWgs(406300, 425300)] },
    ]) expect((await coord.post('/api/assets', body)).status).toBe(201);
    // Enough more for a full list of ten, each with every fact, to print.
    for (let i = 0; i < 7; i++) {
      const body = { name: `Halifax Peer Support Group Number ${i + 1}`, category: 'lero_peer_support', publish: true, cost: 'low_cost', costNotes: 'A pound a session, towards tea',
        selfReferral: true, professionalReferral: true, wheelchairAccess: false, phone: '01422 300400', scheduleNotes: 'Closed on bank holidays; ring first in August',
        schedule: [{ day: 1, start: '10:00', end: '12:00' }, { day: 3, start: '18:30', end: '20:00' }, { day: 5, start: '13:00', end: '15:00' }],
        sites: [{ ...toWgs(409400 + i * 150, 425100), venueName: 'Community Centre Main Hall', address: `${i + 10} Long Street`, postcode: 'HX1 2AB' }] };
      expect((await coord.post('/api/assets', body)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const names = (page: Page) => page.locator('.finder-result h3').allTextContents();

  it('on a phone: from a postcode and plain words to a list, a short link, a text message and a one-page print', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${app.baseUrl}/connect.html`);
    await page.getByLabel('Postcode or town').fill('hx1 1zz');
    await page.getByLabel('What they need, in plain words').fill(NEEDS);
    await page.getByRole('button', { name: 'Find support' }).click();
    await page.locator('.finder-result').first().waitFor();
    // The refuge by its masking-cell centre (282.8 m), then the circle (500 m).
    expect(await names(page)).toEqual(['1 Calder Women’s Refuge Group', "2 Tuesday Evening Women's Circle"]);
    expect(await page.locator('.finder-distance').allTextContents()).toEqual([
      '280 m away in a straight line · Family and carer support', '500 m away in a straight line · Mutual aid']);
    const circle = page.locator('.finder-result').nth(1);
    expect(await circle.locator('dd').allTextContents()).toEqual(['Tuesdays 19:00–20:30', 'Self-refer', 'Free', 'Step-free', '01422 100200', 'Square Chapel, HX1 1QG']);
    const refuge = page.locator('.finder-result').first();
    expect(await refuge.locator('dd').last().textContent()).toBe('Area HX1 (address given on contact)');
    expect(await page.locator('#understood').textContent()).toBe('Looking for: for Women · weekdays · evenings · free · step-free access · can refer themselves (or drop in)');
    expect(await page.locator('#answer').textContent()).not.toMatch(/Secret Street|Safe House|HX1 5ZZ/);

    // The short link: only the search, and it reopens the same list.
    const link = await page.getByLabel('Link that reopens this search').inputValue();
    expect(link).toBe(`${app.baseUrl}/connect.html?postcode=HX1+1ZZ&needs=${new URLSearchParams({ n: NEEDS }).toString().slice(2)}`);
    const sms = await page.getByLabel('Text message').inputValue();
    expect(sms).toBe("Support near HX1 1ZZ:\n1. Calder Women's Refuge Group, Mondays 18:00-19:30, 280 m, 0800 100 200\n2. Tuesday Evening Women's Circle, Tuesdays 19:00-20:30, 500 m, 01422 100200");
    expect(sms.length).toBeLessThanOrEqual(306);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);

    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0].replace(/\s+/g, ' ');
    for (const expected of ['Support near HX1 1ZZ', 'Within 5 km in a straight line', 'Calder Women’s Refuge Group', "Tuesday Evening Women's Circle", 'Tuesdays 19:00–20:30',
      '500 m away in a straight line', '01422 100200', 'Area HX1', 'Distances are in a straight line']) expect(text).toContain(expected);
    for (const absent of ['Hand over', 'Find support', 'Use my location', 'Secret Street']) expect(text).not.toContain(absent);

    const reopened = await context.newPage();
    await reopened.goto(link);
    await reopened.locator('.finder-result').first().waitFor();
    expect(await names(reopened)).toEqual(await names(page));
    expect(await reopened.getByLabel('What they need, in plain words').inputValue()).toBe(NEEDS);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a desktop: the phone location, and "none within reach: the nearest is …"', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, geolocation: { latitude: origin.lat + 0.00012, longitude: origin.lng }, permissions: ['geolocation'] });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${app.baseUrl}/connect.html?postcode=HX1%201ZZ&category=recovery_community&withinKm=1`);
    expect(await waitForText(page.locator('.finder-none'), /^None within/)).toBe('None within 1 km: the nearest is 3.0 km away.');
    expect(await names(page)).toEqual(['1 Saturday Recovery Café']);
    expect(await page.locator('#more').getAttribute('open')).not.toBeNull(); // the ticks the link set are shown
    expect(await page.locator('.finder-pin').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // A full list of ten prints on one page.
    await page.goto(`${app.baseUrl}/connect.html?postcode=HX1%201ZZ`);
    expect(await waitForText(page.locator('.finder-count'), /fit within/)).toBe('11 fit within 5 km; the nearest 10:');
    const full = await pdfPages(await page.pdf({ format: 'A4' }));
    expect(full).toHaveLength(1);
    expect(full[0].match(/Halifax Peer Support Group Number \d/g)).toHaveLength(7);

    await page.getByLabel('Postcode or town').fill('');
    await page.getByRole('button', { name: 'Use my location' }).click();
    expect(await waitForText(page.locator('#where-note'), /^Using/)).toBe("Using this phone's location (rounded to about 100 m).");
    await page.getByRole('button', { name: 'Find support' }).click();
    await page.waitForURL(/lat=/);
    const url = new URL(page.url());
    // Rounded to 3 decimals before it is searched or put in the link.
    expect(url.searchParams.get('lat')).toBe(String(Math.round((origin.lat + 0.00012) * 1000) / 1000));
    expect(await waitForText(page.locator('#answer-heading'), /^Near a point/)).toMatch(/^Near a point on the map \(53\.\d{3}, -1\.\d{3}\)$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
