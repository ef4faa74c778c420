/**
 * What opening the embedded engine costs with the package's whole PostGIS bundle and with
 * Waymark's trimmed one (server/db/postgis-bundle.ts): PGlite is opened from one dumped
 * database holding PostGIS (as every test file and every start opens its data), then one
 * statement that needs PROJ runs. The two bundles alternate, so load drifts hit both alike.
 * Prints medians of `--rounds` opens each and the machine's load average.
 *
 *   npx tsx scripts/bench-embedded-open.ts [--rounds 5]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { embeddedPostgis } from '../server/db/postgis-bundle';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, not "${values.rounds}"`);

const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis: packageBundle } = await import('@electric-sql/pglite-postgis');
  const trimmedBundle = await embeddedPostgis((m) => console.log(m));
  console.log(`load average before: ${loadAverage()}`);
  // One database with PostGIS created, dumped once (initdb takes ~20 s; not what is measured).
  const base = await PGlite.create({ extensions: { postgis: trimmedBundle } });
  await base.exec('CREATE EXTENSION postgis');
  const dump = (await base.dumpDataDir('gzip')) as Blob;
  await base.close();

  const times = { package: { open: [] as number[], firstQuery: [] as number[] }, trimmed: { open: [] as number[], firstQuery: [] as number[] } };
  for (let round = 0; round < rounds; round++) {
    for (const [label, postgis] of [['package', packageBundle], ['trimmed', trimmedBundle]] as const) {
      const started = performance.now();
      const db = await PGlite.create({ extensions: { postgis }, loadDataDir: dump });
      const opened = performance.now();
      const { rows } = await db.query<{ p: string }>('SELECT ST_AsText(ST_SnapToGrid(ST_Transform(ST_SetSRID(ST_MakePoint(-1.86, 53.72), 4326), 27700), 1)) AS p');
      times[label].open.push(opened - started);
      times[label].firstQuery.push(performance.now() - opened);
      if (rows[0].p !== 'POINT(409336 424852)') throw new Error(`unexpected transform with the ${label} bundle: ${rows[0].p}`);
      await db.close();
    }
  }
  console.log(`load average after: ${loadAverage()}`);
  const full = fs.statSync(require.resolve('@electric-sql/pglite-postgis').replace(/index\.c?js$/, 'postgis.tar.gz')).size;
  console.log(`bundle sizes (gzip): package ${(full / 1e6).toFixed(1)} MB`);
  for (const label of ['package', 'trimmed'] as const) {
    console.log(`${label.padEnd(8)} open median ${median(times[label].open).toFixed(0)} ms, first PROJ statement ${median(times[label].firstQuery).toFixed(0)} ms (${rounds} opens)`);
  }
  console.log(`open ratio package / trimmed: ${(median(times.package.open) / median(times.trimmed.open)).toFixed(2)}`);
}

void main();
