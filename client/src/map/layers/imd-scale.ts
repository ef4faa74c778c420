/**
 * Colours for IMD 2019 deciles, 1 = the most deprived tenth of areas in England. A single
 * hue from dark (most deprived) to pale, so it reads in greyscale and under any colour-vision
 * deficiency, and stays apart from the category marker colours drawn on top.
 */
export const IMD_DECILE_COLOURS = [
  '#3f007d', '#54278f', '#6a51a3', '#807dba', '#9e9ac8',
  '#bcbddc', '#dadaeb', '#e7e6f1', '#efedf5', '#fcfbfd',
] as const;

export function imdColour(decile: number): string {
  return IMD_DECILE_COLOURS[Math.min(10, Math.max(1, Math.round(decile))) - 1]!;
}
