/**
 * Regenerates seeds/open-data/ from the original open data files.
 *
 *   npx tsx scripts/prepare-demo-data.ts [--source ../shared/data/calderdale]
 *
 * The NSPL extract (3.1 MB, 41 columns) is trimmed to the nine columns the demo loads,
 * keeping the original column names and every row, so the tracked copy stays well under
 * 1.5 MB. The other files are small and are copied byte for byte. Run from the repository
 * root; the default source is the workspace's shared folder beside the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { NSPL_COLUMNS, REFERENCE_FILES, SEED_DATA_DIR } from '../seeds/reference-files';

const COPIED_AS_IS = [REFERENCE_FILES.imd, REFERENCE_FILES.population, REFERENCE_FILES.lsoaBoundaries, REFERENCE_FILES.ladBoundary];
const ORIGINAL_NSPL = 'NSPL_NOV_2021_UK_HX.csv';

/** Quote every field as the ONS files do; a doubled quote escapes one inside a value. */
const csvLine = (values: string[]) => values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',');

export function trimNspl(originalCsv: string): string {
  const rows: Record<string, string>[] = parse(originalCsv, { columns: true, skip_empty_lines: true });
  const missing = NSPL_COLUMNS.filter((c) => rows.length > 0 && !(c in rows[0]));
  if (missing.length) throw new Error(`NSPL file lacks columns: ${missing.join(', ')}`);
  const lines = [csvLine([...NSPL_COLUMNS]), ...rows.map((r) => csvLine(NSPL_COLUMNS.map((c) => r[c])))];
  return lines.join('\n') + '\n';
}

function main(): void {
  const { values } = parseArgs({ options: { source: { type: 'string', default: path.join('..', 'shared', 'data', 'calderdale') } } });
  const source = path.resolve(values.source!);
  if (!fs.existsSync(source)) throw new Error(`No source folder at ${source}`);
  fs.mkdirSync(SEED_DATA_DIR, { recursive: true });

  const trimmed = trimNspl(fs.readFileSync(path.join(source, ORIGINAL_NSPL), 'utf8'));
  fs.writeFileSync(path.join(SEED_DATA_DIR, REFERENCE_FILES.postcodes), trimmed);
  console.log(`${REFERENCE_FILES.postcodes}: ${(trimmed.length / 1024).toFixed(0)} KiB`);
  for (const file of COPIED_AS_IS) {
    const target = path.join(SEED_DATA_DIR, file);
    fs.copyFileSync(path.join(source, file), target);
    fs.chmodSync(target, 0o644); // the originals are read-only; the copies must stay rewritable
    console.log(`${file}: copied`);
  }
}

if (require.main === module) main();
