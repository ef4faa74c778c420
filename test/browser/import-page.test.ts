/**
 * A coordinator imports a CSV through the import page in a real browser: reads the file,
 * corrects the suggested column mapping, sees the rows that cannot be imported, imports
 * the valid ones, and finds them in the review queue.
 */
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

describeInBrowser('import page', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
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

  it('shows the rows that cannot be imported, with row, column and problem, and writes nothing', async () => {
    await page.getByRole('button', { name: 'Save mapping and check rows' }).click();
    await page.waitForSelector('table.problems tbody tr');
    const cells = await page.locator('table.problems tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(cells).toEqual([
      ['4', 'Service name', 'must be at least 2 characters'],
      ['5', 'Postcode', 'needs lat and lng, or a known postcode'],
      ['6', 'Kind of place', expect.stringMatching(/Invalid option/)],
    ]);
    const coordinator = await app.ctx.as('coordinator');
    expect((await coordinator.get('/api/review/queue')).body.items).toEqual([]);
    expect((await coordinator.get('/api/imports/mappings/calder-council')).body.mapping).toMatchObject({ name: 'Service name', category: 'Kind of place' });
  });

  it('imports the valid rows, which wait in the review queue', async () => {
    await page.getByRole('button', { name: 'Import the valid rows' }).click();
    expect(await waitForText(page.locator('#result'), /^Imported 2 assets for review; 3 rows skipped\./)).toMatch(/^Imported 2 assets/);
    await page.getByRole('link', { name: 'Open the review queue' }).click();
    await page.waitForSelector('#queue-list .item-button');
    await expect(page.locator('#queue-list .item-name').allTextContents()).resolves.toEqual(expect.arrayContaining(['Sowerby Bridge Recovery Café', 'Luddenden Foot Walkers']));
    expect(errors).toEqual([]);
  });
});
