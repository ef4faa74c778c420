/**
 * An admin imports the real Calderdale files through the upload page, sees the progress
 * end in a result, and sees a refused file's rows listed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REFERENCE_FILES, SEED_DATA_DIR } from '../../seeds/reference-files';
import { collectPageErrors, describeInBrowser, launchBrowser, signInThroughPage, startApp, type RunningApp, waitForText } from './support';

describeInBrowser('area import page', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    page = await signInThroughPage(await browser.newContext(), app.baseUrl, 'admin', '/areas-import.html');
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists the rows of a refused file and imports nothing', async () => {
    const bad = path.join(os.tmpdir(), `File_1_bad_${process.pid}.csv`);
    fs.writeFileSync(bad, 'LSOA code (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\nE01010875,"29,263",nine\n');
    await page.getByLabel('Deprivation (CSV)').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import' }).click();
    expect(await waitForText(page.locator('#import-error'), 'Nothing was imported.')).toBe('Nothing was imported.');
    expect(await page.locator('.problems tbody tr').first().locator('td').allTextContents()).toEqual([
      path.basename(bad), '2', 'Index of Multiple Deprivation (IMD) Decile', '"nine" is not a decile (1 to 10)',
    ]);
    fs.rmSync(bad);
    expect(Number((await app.ctx.db.knex('area').count('* as n'))[0].n)).toBe(0);
  });

  it('imports the three Calderdale files as published', async () => {
    await page.reload();
    await page.getByLabel('LSOA boundaries (GeoJSON)').setInputFiles(path.join(SEED_DATA_DIR, REFERENCE_FILES.lsoaBoundaries));
    await page.getByLabel('Population (CSV)').setInputFiles(path.join(SEED_DATA_DIR, REFERENCE_FILES.population));
    await page.getByLabel('Deprivation (CSV)').setInputFiles(path.join(SEED_DATA_DIR, REFERENCE_FILES.imd));
    await page.getByRole('button', { name: 'Import' }).click();
    const result = await waitForText(page.locator('#import-result'), /^Imported 128 2011 LSOAs/, 60_000);
    expect(result).toBe('Imported 128 2011 LSOAs: 128 boundaries, 128 populations, 128 deprivation ranks.');
    expect(errors.filter((e) => !e.includes('400 (Bad Request)'))).toEqual([]);
  });
});
