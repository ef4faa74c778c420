/**
 * A coordinator imports a CSV through the import page in a real browser: reads the file,
 * corrects the suggested column mapping, sees the rows that cannot be imported (all or
 * nothing writes nothing), imports the valid ones, and finds them in the review queue.
 * Then a partnership's own spreadsheet in the default mode on a phone and a desktop: the
 * 4 good rows imported, every problem of the bad one listed, and the mapping grid and the
 * problem tables inside their panel at 390 and 1440 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

const CSV = [
  'Service name,Kind of place,Postcode,Latitude,Longitude,Phone',
  'Sowerby Bridge Recovery Café,recovery_community,,53.7085,-1.9087,01422 111222',
  'Luddenden Foot Walkers,social_leisure_arts,,53.7243,-1.9452,',
  'Q,mutual_aid,,53.71,-1.90,',
  'Mytholmroyd Men’s Group,mutual_aid,,,,',
  'Ripponden Craft Club,knitting,,53.674,-1.943,',
].join('\n');
const OWN_SHEET = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'csv', 'partnership-groups.csv'));

const cellsOf = (page: Page, selector: string) =>
  page.locator(`${selector} tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)));

/** What sticks out: the page sideways, or a mapping grid / problem table past its panel's edges. */
const overflows = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`page ${doc.scrollWidth} > ${window.innerWidth}`);
    const checked = [...document.querySelectorAll<HTMLElement>('#mapping-fields, table.problems')];
    if (checked.length < 3) out.push(`only ${checked.length} elements to check`);
    for (const el of checked) {
      const r = el.getBoundingClientRect();
      const panel = el.closest('section')!.getBoundingClientRect();
      if (r.left < panel.left - 0.5 || r.right > panel.right + 0.5 || el.scrollWidth > el.clientWidth + 1) out.push(`${el.id || el.className}: ${r.left}–${r.right} in ${panel.left}–${panel.right}`);
    }
    return out;
  });

describeInBrowser('import page', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    const knex = app.ctx.db.knex;
    for (const [postcode, lng, lat] of [['HX1 1AA', -1.857458, 53.724334], ['HX1 3AA', -1.8768, 53.7196]] as const) {
      await knex('postcode').insert({ postcode, geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]) });
    }
    page = await signInThroughPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }), app.baseUrl, 'coordinator', '/import.html');
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('reads the file and suggests a mapping the coordinator corrects', async () => {
    await page.getByLabel('Source name').fill('calder-council');
    await page.getByLabel('CSV file').setInputFiles({ name: 'council.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Read file' }).click();
    expect(await waitForText(page.locator('#file-summary'), /^5 rows, 6 columns\./)).toMatch(/^5 rows, 6 columns\./);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Service name');
    await expect(page.getByLabel('Latitude').inputValue()).resolves.toBe('Latitude');
    // "Kind of place" is not a name the importer knows: the coordinator maps it to Category.
    await expect(page.getByLabel('Category').inputValue()).resolves.toBe('');
    await page.getByLabel('Category').selectOption('Kind of place');
  });

  it('all or nothing: shows the rows that cannot be imported, with row, column and problem, and writes nothing', async () => {
    await page.getByLabel('All or nothing: import only if every row is valid').check();
    await page.getByRole('button', { name: 'Save mapping and import' }).click();
    await page.waitForSelector('table.problems tbody tr');
    expect(await cellsOf(page, 'table.problems')).toEqual([
      ['4', 'Service name', 'must be at least 2 characters'],
      ['5', 'Postcode', 'needs lat and lng, or a postcode'],
      ['6', 'Kind of place', expect.stringMatching(/^"knitting" is not one we know: use one of Treatment, Harm reduction, /)],
    ]);
    const coordinator = await app.ctx.as('coordinator');
    expect((await coordinator.get('/api/review/queue')).body.items).toEqual([]);
    expect((await coordinator.get('/api/imports/mappings/calder-council')).body.mapping).toMatchObject({ name: 'Service name', category: 'Kind of place' });
  });

  it('imports the valid rows, which wait in the review queue', async () => {
    await page.getByRole('button', { name: 'Import the valid rows' }).click();
    expect(await waitForText(page.locator('#result'), /^Imported 2 new assets for review \(2 of 5 rows\)\. 3 of 5 rows could not be imported/)).toBeTruthy();
    await page.getByRole('link', { name: 'Open the review queue' }).click();
    await page.waitForSelector('#queue-list .item-button');
    await expect(page.locator('#queue-list .item-name').allTextContents()).resolves.toEqual(expect.arrayContaining(['Sowerby Bridge Recovery Café', 'Luddenden Foot Walkers']));
    expect(errors).toEqual([]);
  });

  it("a partnership's own spreadsheet in the default mode: 4 rows in, every problem of the bad row shown, all inside the panel at 390 and 1440 px", async () => {
    const phone = await signInThroughPage(await browser.newContext({ viewport: { width: 390, height: 844 } }), app.baseUrl, 'coordinator', '/import.html');
    const phoneErrors = collectPageErrors(phone);
    await phone.getByLabel('Source name').fill('own-sheet');
    await phone.getByLabel('CSV file').setInputFiles({ name: 'groups.csv', mimeType: 'text/csv', buffer: OWN_SHEET });
    await phone.getByRole('button', { name: 'Read file' }).click();
    await waitForText(phone.locator('#file-summary'), /^5 rows, 12 columns\./);
    await expect(phone.getByLabel('Venue', { exact: true }).inputValue()).resolves.toBe('Venue Name');
    await phone.getByRole('button', { name: 'Save mapping and import' }).click();
    expect(await waitForText(phone.locator('#result'), /^Imported 4 new assets for review \(4 of 5 rows\)\. 1 of 5 rows could not be imported/)).toBeTruthy();
    const problems = await cellsOf(phone, '#problems table.problems');
    expect(problems.map((r) => r.slice(-2, -1)[0])).toEqual(['Who is it for?', 'Category', 'Wheelchair accessible?', 'Postcode', 'Email']);
    expect(problems[0][0]).toBe('6');
    expect(await cellsOf(phone, '#held table')).toEqual([
      ['3', 'Postcode', 'OL14 7BX: postcode not on file: place it on the map (imported as pending, with no place yet)'],
      ['4', 'Postcode', 'HD6 3LZ: postcode not on file: place it on the map (imported as pending, with no place yet)'],
    ]);
    // The bar shows what the words say.
    expect(await phone.locator('#progress-text').textContent()).toBe('done: 5 of 5 rows');
    expect(await phone.locator('#progress').evaluate((p: HTMLProgressElement) => p.value / p.max)).toBe(1);
    expect(await overflows(phone)).toEqual([]);
    await phone.setViewportSize({ width: 1440, height: 900 });
    expect(await overflows(phone)).toEqual([]);
    expect(phoneErrors).toEqual([]);
  });
});
