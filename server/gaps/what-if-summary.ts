/**
 * The what-if result in words. Two different measures move when a site is added, and they
 * can move in opposite directions, so each is said as "before → after" under its own name:
 *  - out of reach: people with nothing of this kind within the threshold (absolute; only falls);
 *  - low relative access: people in cells below a fraction of the partnership's average
 *    access. A new site raises the average, so cells far from it can fall below the line
 *    with nothing changed where they are, and this figure can rise while the map turns green.
 * Pure: the figures in, sentences out (what-if-summary.test.ts checks a hand-worked case).
 */
export type WhatIfFigures = { populationNotCovered: number; populationInGaps: number; gapCells: number; meanE2sfca: number };
export type WhatIfWords = { outOfReach: string; relative: string; explanation: string | null };

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
const change = (before: number, after: number) => {
  const d = Math.round(after) - Math.round(before);
  return d === 0 ? 'no change' : `${whole(Math.abs(d))} ${d < 0 ? 'fewer' : 'more'}`;
};

export function describeWhatIf(
  before: WhatIfFigures, after: WhatIfFigures,
  settings: { threshold: number; gapFraction: number; categoryLabel: string; sites: number },
): WhatIfWords {
  const kind = settings.categoryLabel.toLowerCase();
  const sites = `${settings.sites} hypothetical site${settings.sites === 1 ? '' : 's'}`;
  const outOfReach = `People out of reach: ${whole(before.populationNotCovered)} → ${whole(after.populationNotCovered)} ` +
    `(${change(before.populationNotCovered, after.populationNotCovered)}) with ${sites}. Out of reach: no ${kind} within ${whole(settings.threshold)} m.`;
  const share = Math.round(settings.gapFraction * 100);
  const relative = `People in cells with low relative access: ${whole(before.populationInGaps)} → ${whole(after.populationInGaps)} ` +
    `(${before.gapCells.toLocaleString('en-GB')} → ${after.gapCells.toLocaleString('en-GB')} cells). ` +
    `Low relative access: out of reach, or under ${share}% of the partnership's average access.`;
  // Say why only when the relative figure rises while fewer people are out of reach (the case that reads as a contradiction).
  const rose = Math.round(after.populationInGaps) > Math.round(before.populationInGaps);
  const averageRose = before.meanE2sfca > 0 && after.meanE2sfca > before.meanE2sfca;
  const explanation = rose && averageRose
    ? `The relative measure compares each cell with the partnership's average, and the new site${settings.sites === 1 ? '' : 's'} raise${settings.sites === 1 ? 's' : ''} that average ` +
      `(by ${Math.round((after.meanE2sfca / before.meanE2sfca - 1) * 100)}%), so some cells whose own access did not change now fall below the line.`
    : null;
  return { outOfReach, relative, explanation };
}
