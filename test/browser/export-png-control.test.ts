/**
 * The map's "Save as picture" control (client/src/map/export-png.ts) taken off the map
 * again: MapLibre's removeControl calls onRemove, which must take away its button and the
 * button's click listener. The control's own module, bundled by esbuild, in a blank page
 * (no app, no map: the control does not touch the map until its button is pressed).
 */
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from './support';

describeInBrowser('the PNG control', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it('onRemove takes its button off the page and stops listening to it', async () => {
    const bundle = buildSync({
      entryPoints: [path.resolve(__dirname, '../../client/src/map/export-png.ts')],
      bundle: true, write: false, format: 'iife', globalName: 'ExportPng', target: 'es2020',
    }).outputFiles[0].text;
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle });
    const seen = await page.evaluate(async () => {
      const { ExportPngControl } = (window as unknown as { ExportPng: typeof import('../../client/src/map/export-png') }).ExportPng;
      const control = new ExportPngControl(() => [], () => 'Test');
      // Without a map, a press fails inside save (after disabling the button): the listener's trace.
      addEventListener('unhandledrejection', (e) => e.preventDefault());
      const container = control.onAdd(null as never);
      document.body.append(container);
      const button = document.querySelector<HTMLButtonElement>('#map-export-png')!;
      button.click();
      const pressedWhileAdded = button.disabled;
      await new Promise((r) => setTimeout(r, 0));
      const enabledAfterFailure = !button.disabled;
      control.onRemove();
      button.click();
      return {
        pressedWhileAdded, enabledAfterFailure, pressedAfterRemove: button.disabled,
        buttonsLeft: document.querySelectorAll('#map-export-png').length, containerInPage: container.isConnected,
      };
    });
    expect(seen).toEqual({ pressedWhileAdded: true, enabledAfterFailure: true, pressedAfterRemove: false, buttonsLeft: 0, containerInPage: false });
    await page.close();
  });
});
