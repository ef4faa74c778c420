/**
 * Import small-area geography from the files as published:
 *
 *   npm run import:areas -- --boundaries LSOA_2021_BGC.geojson --population sapelsoa.csv --deprivation File_1_IoD2025.csv
 *   npm run import:areas -- --deprivation File_1.csv --map deprivation.code="LSOA code" --map deprivation.rank="IMD rank"
 *   npm run import:areas -- --wards Wards_December_2022_Boundaries_UK_BGC.geojson
 *
 * Any of the files (wards, or any named local boundary, replace the wards held); headings
 * are detected for IoD 2019/2025 and ONS files (WDyyCD/WDyyNM for wards), or
 * named with --map FILE.FIELD=HEADING (FIELD: code, name, laCode, rank, decile, population).
 * Everything is checked before anything is written, and written in one transaction: a
 * problem in any row imports nothing and lists the rows at fault. Uses the server's
 * settings (DATABASE_URL or WAYMARK_DATA_DIR) and applies pending migrations first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { createDb, migrateToLatest } from '../server/db';
import { ImportProblems, type Mapping } from '../server/area-import/parse';
import { importAreas, type ImportInput } from '../server/area-import/service';

const USAGE = 'usage: npm run import:areas -- [--boundaries FILE.geojson] [--population FILE.csv] [--deprivation FILE.csv] [--wards FILE.geojson] [--map FILE.FIELD=HEADING …]';
const ROLES = ['boundaries', 'population', 'deprivation', 'wards'] as const;
const FIELDS = ['code', 'name', 'laCode', 'rank', 'decile', 'population'];

export function parseImportArgs(argv: string[], read: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): ImportInput {
  const { values } = parseArgs({
    args: argv,
    options: { boundaries: { type: 'string' }, population: { type: 'string' }, deprivation: { type: 'string' }, wards: { type: 'string' }, map: { type: 'string', multiple: true } },
    strict: true,
  });
  const input: ImportInput = {};
  for (const role of ROLES) if (values[role]) input[role] = { name: path.basename(values[role]!), text: read(values[role]!), mapping: {} };
  if (!Object.keys(input).length) throw new Error(`give at least one file\n${USAGE}`);
  for (const m of values.map ?? []) {
    const match = m.match(/^(boundaries|population|deprivation|wards)\.(\w+)=(.+)$/);
    if (!match || !FIELDS.includes(match[2])) throw new Error(`--map ${m}: expected FILE.FIELD=HEADING with FILE one of ${ROLES.join(', ')} and FIELD one of ${FIELDS.join(', ')}`);
    const target = input[match[1] as (typeof ROLES)[number]];
    if (!target) throw new Error(`--map ${m}: no --${match[1]} file was given`);
    (target.mapping as Mapping)[match[2] as keyof Mapping] = match[3];
  }
  return input;
}

async function main(): Promise<void> {
  const input = parseImportArgs(process.argv.slice(2));
  const config = loadConfig();
  const db = await createDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const result = await importAreas(db.knex, null, input, (p) => process.stdout.write(`\r${p.stage}: ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')}   ${p.done === p.total ? '\n' : ''}`));
    console.log(`Imported ${result.areas} ${result.areaKind === 'lsoa11' ? '2011' : '2021'} LSOAs (boundaries ${result.boundaries}, population ${result.population}, deprivation ${result.deprivation}; ${result.retired} areas of the other vintage retired)${result.wards ? `; ${result.wards} wards` : ''}${result.inWards !== null ? `; ${result.inWards} LSOAs lie in a ward` : ''}.`);
  } catch (err) {
    if (err instanceof ImportProblems) {
      console.error('Nothing was imported:');
      for (const p of err.problems) console.error(`  ${p.file} row ${p.row}, ${p.field}: ${p.message}`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`import:areas: ${err.message}`);
    process.exit(1);
  });
}
