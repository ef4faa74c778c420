import fs from 'node:fs';
import path from 'node:path';

/**
 * Golden files (after Turf's test.ts): each case's input sits in `<format>/in/`, its
 * expected output in `<format>/out/`, so any change of output shows in a diff. `REGEN=1`
 * rewrites the outputs instead of comparing; review the diff before committing it.
 */
export const GOLDEN_DIR = __dirname;
export const REGEN = process.env.REGEN === '1';

/** The case names of a format: its input files without their extension, sorted. */
export function casesOf(format: string, ext: string): { name: string; file: string }[] {
  const dir = path.join(GOLDEN_DIR, format, 'in');
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => ({ name: f.slice(0, -ext.length), file: path.join(dir, f) }));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g;
// supertest serves the app on a port of its own each run.
const ORIGIN = /http:\/\/127\.0\.0\.1:\d+/g;
const todays = () => [...new Set([new Date().toISOString().slice(0, 10), new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' })])];

/**
 * Output made deterministic: generated ids become `<id-N>` numbered by first appearance
 * (so which record refers to which still shows), timestamps `<timestamp>`, today's date
 * `<today>` (in UTC or London), the test server's address `<origin>`, and arrays of objects (listed in the order of their generated ids) sorted by
 * their content with ids blanked.
 */
export function normalise(value: unknown, today = todays()): unknown {
  const blankIds = (v: unknown) => JSON.stringify(v).replace(UUID, '<id>');
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(sorted);
      return items.every((i) => i && typeof i === 'object') ? items.sort((a, b) => (blankIds(a) < blankIds(b) ? -1 : blankIds(a) > blankIds(b) ? 1 : 0)) : items;
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sorted(x)]));
    if (typeof v === 'string') return today.reduce((s, d) => s.replaceAll(d, '<today>'), v.replace(TIMESTAMP, '<timestamp>').replace(ORIGIN, '<origin>'));
    return v;
  };
  const ids = new Map<string, string>();
  const text = JSON.stringify(sorted(value), null, 2).replace(UUID, (id) => {
    const key = id.toLowerCase();
    if (!ids.has(key)) ids.set(key, `<id-${ids.size + 1}>`);
    return ids.get(key)!;
  });
  return JSON.parse(text);
}

/** Compares (or with REGEN=1 writes) `<format>/out/<name>.json`. */
export function expectGolden(format: string, name: string, actual: unknown): void {
  const file = path.join(GOLDEN_DIR, format, 'out', `${name}.json`);
  const text = `${JSON.stringify(normalise(actual), null, 2)}\n`;
  if (REGEN) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} is missing: run with REGEN=1 and review it`);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}
