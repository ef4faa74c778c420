import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { filterTar, type TarEntry } from './tar-filter';

/**
 * PostGIS for the embedded engine without the parts Waymark never loads. The package's
 * bundle also carries raster, topology and the tiger geocoder: two more 15–16 MB WebAssembly
 * libraries and 60 MB of SQL that PGlite unpacks, and compiles, at every open (every start,
 * every test file). Waymark creates `postgis` only, so the embedded engine gets the postgis
 * library, its extension scripts and PROJ's data, cached once beside node_modules. Anything
 * unexpected falls back to the package's own bundle.
 */
type Extension = import('@electric-sql/pglite').Extension;

/** Bump when the rule changes, so an old cached bundle is not reused. */
const RULE_VERSION = 1;

export function keepForWaymark(entry: Pick<TarEntry, 'name' | 'type'>): boolean {
  const name = entry.name.replace(/^\.\//, '');
  if (entry.type === '5') return true; // directories cost nothing
  if (name === 'lib/postgresql/postgis-3.so') return true;
  if (name.startsWith('share/proj/')) return true;
  if (name === 'share/postgresql/extension/postgis.control') return true;
  // postgis's install and update scripts (not raster's, topology's or the tiger geocoder's).
  return name.startsWith('share/postgresql/extension/postgis--') && !name.includes('unpackaged');
}

function cacheDirectories(packageDir: string): string[] {
  const nodeModules = packageDir.slice(0, packageDir.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules'.length);
  return [path.join(nodeModules, '.cache', 'waymark'), path.join(os.tmpdir(), 'waymark-cache')];
}

/** The trimmed bundle's path, built on first use (a few seconds, once). */
export function trimmedBundle(fullBundle: string, log: (message: string) => void = () => {}): string {
  const stat = fs.statSync(fullBundle);
  const key = crypto.createHash('sha256').update(`${RULE_VERSION}:${fullBundle}:${stat.size}:${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const candidates = cacheDirectories(path.dirname(fullBundle)).map((dir) => path.join(dir, `postgis-${key}.tar.gz`));
  const existing = candidates.find((file) => fs.existsSync(file));
  if (existing) return existing;
  const started = Date.now();
  const trimmed = zlib.gzipSync(filterTar(zlib.gunzipSync(fs.readFileSync(fullBundle)), keepForWaymark), { level: 1 });
  for (const file of candidates) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, trimmed);
      fs.renameSync(temporary, file); // another process may write the same bytes: last rename wins
      log(`PostGIS bundle trimmed for the embedded engine in ${Date.now() - started} ms (${file})`);
      return file;
    } catch {
      // read-only node_modules: try the next place
    }
  }
  throw new Error('no writable cache directory for the trimmed PostGIS bundle');
}

/** The `postgis` extension for PGlite, reading the trimmed bundle. */
export async function embeddedPostgis(log?: (message: string) => void): Promise<Extension> {
  const { postgis } = await import('@electric-sql/pglite-postgis');
  let bundle: string;
  try {
    const fullBundle = path.join(path.dirname(require.resolve('@electric-sql/pglite-postgis')), 'postgis.tar.gz');
    bundle = trimmedBundle(fullBundle, log);
  } catch (err) {
    log?.(`PostGIS bundle not trimmed (${(err as Error).message}); using the full bundle`);
    return postgis;
  }
  return {
    name: postgis.name,
    // The package's own setup sets PROJ's data path and the rest; only the bundle differs.
    setup: async (pg, emscriptenOpts) => ({ ...(await postgis.setup(pg, emscriptenOpts)), bundlePath: pathToFileURL(bundle) }),
  };
}
