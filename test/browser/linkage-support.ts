/** Helpers for the linkage browser test: accessibility checks, rate wording, a hand-worked Wilson interval. */
import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** axe-core's WCAG 2 A/AA checks on the page as it is now: the rules that fail, with where. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern; a script tag would be refused.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

export const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/** Wilson 95% score interval, from its textbook formula (Wilson 1927; Newcombe 1998 method 3). */
export function wilsonHand(x: number, n: number): { lower: number; upper: number } {
  const z = 1.959963984540054;
  const p = x / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return { lower: (centre - half) / denominator, upper: (centre + half) / denominator };
}

