/**
 * Waymark beside a peer (issue 23): MapServer 8 (cgi-mapserver under lighttpd, as Debian
 * packages it) over the same published points, the same random boxes and tiles, measured
 * interleaved on the server engine. Run through scripts/bench-peers.sh, which skips with a
 * message when the peers are not installed.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres scripts/bench-peers.sh --n 200000
 *   (or --database-url postgres://…/bench_peers to reuse a database already loaded by a run with --keep [--name bench_peers])
 *
 * MapServer serves two layers: `flat`, a table copied from the read model's points (one
 * row per published asset and place, GiST-indexed), and `published`, a view of the
 * published points over the full tables. Each round measures, one after the other:
 *   Waymark  /api/assets?bbox&format=geojson&limit=100, /ogc/collections/assets/items?bbox&limit=100
 *            (without and with numberMatched=true), /tiles/assets/14/x/y.mvt — read cache OFF;
 *   MapServer /ogcapi/collections/{flat,published}/items?bbox&limit=100 (numberMatched on every page), and MVT tiles (mode=tile) of `flat`.
 * Only 2xx answers count. Before measuring, both are checked to return the same features
 * for the same box (every page walked). Prints req/s, p50, p99, the ratios, and the load
 * average before and after each round (the machine may be shared: say so with the figures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createDb, migrateToLatest, type Db } from '../server/db';
import { seededRandom } from '../server/stats/random';
import { freshDatabase } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';
import { measureHttpPaths, type LoadShape, type Measurement } from './lib/measure';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    boxes: { type: 'string', default: '100' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    // The new database's name (default: a random waymark_bench_…), e.g. to find it again with --keep.
    name: { type: 'string' },
  },
});
const SHAPE: LoadShape = { durationS: Number(args.duration), connections: Number(args.connections), warmupS: Number(args.warmup) };
const MAPSERV = '/usr/lib/cgi-bin/mapserv';
const LIGHTTPD = '/usr/sbin/lighttpd';
type Box = { minLng: number; minLat: number; maxLng: number; maxLat: number };

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const bboxOf = (b: Box) => `${b.minLng},${b.minLat},${b.maxLng},${b.maxLat}`;
function tileAt(lat: number, lng: number, z: number) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

async function database(): Promise<{ db: Db; url: string; dispose(): Promise<void> }> {
  if (args['database-url']) {
    const db = await createDb({ databaseUrl: args['database-url'], statementTimeoutMs: 600_000 });
    await migrateToLatest(db);
    return { db, url: args['database-url'], dispose: () => db.close() };
  }
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) throw new Error('set BENCH_DATABASE_URL (a PostgreSQL/PostGIS admin URL) or pass --database-url');
  const bench = await freshDatabase('server', admin, args.name);
  const n = Number(args.n);
  const load = await loadSyntheticAssets(bench.db.knex, n, { clusteredShare: 0.5 }, (done) => { if (done % 50_000 === 0) console.log(`  ${done} / ${n} assets`); });
  console.log(`loaded ${n} assets in ${(load.insertMs / 1000).toFixed(1)} s`);
  const url = (bench.location as { databaseUrl: string }).databaseUrl;
  return { db: bench.db, url, dispose: async () => { if (args.keep) { console.log(`kept ${url}`); await bench.db.close(); } else await bench.dispose(); } };
}

/** The peers' tables: a flat copy of the read model's points, and a view of the published points over the full tables. */
async function peerTables(db: Db): Promise<void> {
  const knex = db.knex;
  await knex.raw('DROP VIEW IF EXISTS peer_published');
  await knex.raw('DROP TABLE IF EXISTS peer_flat');
  await knex.raw(`CREATE TABLE peer_flat AS SELECT row_number() OVER (ORDER BY asset_id, site_id)::bigint AS id, asset_id, site_id, name, category, geom FROM public_asset_site`);
  await knex.raw('ALTER TABLE peer_flat ADD PRIMARY KEY (id)');
  await knex.raw('CREATE INDEX peer_flat_geom ON peer_flat USING gist (geom)');
  await knex.raw('VACUUM ANALYZE peer_flat');
  await knex.raw(`CREATE VIEW peer_published AS
    SELECT x.asset_id::text || ':' || x.site_id::text AS id, a.id AS asset_id, s.id AS site_id, a.name, a.category, s.geom_public AS geom
    FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id WHERE a.status = 'published'`);
}

function mapfile(dir: string, pg: URL, port: number): string {
  const conn = `host=${pg.hostname} port=${pg.port || 5432} user=${decodeURIComponent(pg.username)} dbname=${pg.pathname.slice(1)}${pg.password ? ` password=${decodeURIComponent(pg.password)}` : ''}`;
  const layer = (name: string, data: string) => `
  LAYER
    NAME "${name}"
    TYPE POINT
    STATUS ON
    TEMPLATE "void"
    EXTENT -8 49 2 56
    # FastCGI: keep the connection between requests, as a production MapServer does.
    PROCESSING "CLOSE_CONNECTION=DEFER"
    CONNECTIONTYPE POSTGIS
    CONNECTION "${conn}"
    DATA "${data}"
    PROJECTION "init=epsg:4326" END
    METADATA
      "oga_title" "${name}"
      "ows_title" "${name}"
      "gml_include_items" "all"
      "gml_featureid" "id"
      "wfs_enable_request" "*"
    END
  END`;
  const file = path.join(dir, 'peers.map');
  fs.writeFileSync(file, `MAP
  NAME "peers"
  EXTENT -8 49 2 56
  SIZE 256 256
  PROJECTION "init=epsg:4326" END
  OUTPUTFORMAT
    NAME "mvt"
    DRIVER MVT
    FORMATOPTION "EXTENT=4096"
    FORMATOPTION "EDGE_BUFFER=20"
  END
  WEB
    METADATA
      "ows_title" "peers"
      "ows_enable_request" "*"
      "ows_srs" "EPSG:4326 EPSG:3857"
      "oga_enable_request" "*"
      "oga_onlineresource" "http://127.0.0.1:${port}/cgi-bin/mapserv/peers/ogcapi"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
    END
  END${layer('flat', 'geom FROM peer_flat USING UNIQUE id USING SRID=4326')}${layer('published', 'geom FROM peer_published USING UNIQUE id USING SRID=4326')}
END
`);
  return file;
}

async function startMapServer(dir: string, pg: URL): Promise<{ base: string; proc: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const map = mapfile(dir, pg, port);
  const conf = path.join(dir, 'mapserver.conf');
  fs.writeFileSync(conf, `CONFIG\n  MAPS\n    "peers" "${map}"\n  END\nEND\n`);
  const lconf = path.join(dir, 'lighttpd.conf');
  // mapserv as FastCGI (one process per connection), as MapServer is deployed for load; plain CGI opens two
  // database connections per request.
  fs.writeFileSync(lconf, `server.modules = ("mod_fastcgi")
server.document-root = "${dir}"
server.port = ${port}
server.bind = "127.0.0.1"
server.errorlog = "${dir}/error.log"
server.max-connections = 256
fastcgi.server = ("/cgi-bin/mapserv" => ((
  "socket" => "${dir}/mapserv.sock",
  "bin-path" => "${MAPSERV}",
  "bin-environment" => ("MAPSERVER_CONFIG_FILE" => "${conf}"),
  "max-procs" => ${SHAPE.connections},
  "check-local" => "disable"
)))
`);
  // Its own process group, so stopping it also stops the mapserv processes it spawned.
  const proc = spawn(LIGHTTPD, ['-D', '-f', lconf], { stdio: 'inherit', detached: true });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`${base}/cgi-bin/mapserv/peers/ogcapi?f=json`)).ok) return { base, proc }; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`lighttpd/mapserv did not answer; see ${dir}/error.log`);
}

/** Every feature of a box, following next links (MapServer 8.0's next links drop the bbox, so its walks ask for one page). */
async function allFeatures(first: string, follow = true): Promise<{ ids: any[]; numberMatched: unknown }> {
  const ids: any[] = [];
  let url: string | null = first;
  let numberMatched: unknown;
  while (url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { features: any[]; links?: { rel: string; href: string }[]; numberMatched?: number };
    numberMatched ??= body.numberMatched;
    ids.push(...body.features);
    url = follow ? body.links?.find((l) => l.rel === 'next')?.href ?? null : null;
  }
  return { ids, numberMatched };
}

type Sample = { endpoint: string; m: Measurement };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ok2xx = (m: Measurement) => (m.requests - m.failures) / m.seconds;

async function main(): Promise<void> {
  console.log(`Peers benchmark: ${SHAPE.connections} connections, ${SHAPE.warmupS} s warm-up + ${SHAPE.durationS} s per measurement, ${args.rounds} interleaved rounds; ${os.cpus().length} CPUs; load average at start ${loadavg()}`);
  const { db, url, dispose } = await database();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-peers-'));
  let server: Server | null = null;
  let peer: ChildProcess | null = null;
  try {
    await peerTables(db);
    const knex = db.knex;
    const ext = (await knex.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom)::geometry AS e FROM public_asset_site) t`)).rows[0];
    const points = Number((await knex('peer_flat').count('* as n'))[0].n);
    // The same boxes as bench:assets (same seed, 0.2° × 0.1°).
    const rand = seededRandom(20261201);
    const u = () => rand.int(0, 1_000_000) / 1_000_000;
    const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
    const boxes: Box[] = Array.from({ length: Math.min(Number(args.boxes), 100) }, () => {
      const lng = ext.x0 + u() * (ext.x1 - ext.x0);
      const lat = ext.y0 + u() * (ext.y1 - ext.y0);
      return { minLng: r5(lng - 0.1), minLat: r5(lat - 0.05), maxLng: r5(lng + 0.1), maxLat: r5(lat + 0.05) };
    });
    const tiles = boxes.map((b) => tileAt((b.minLat + b.maxLat) / 2, (b.minLng + b.maxLng) / 2, 14));

    const app = createApp({ db, config: loadConfig({ NODE_ENV: 'production', WAYMARK_DEMO: 'false', WAYMARK_RATE_LIMITS: 'false', WAYMARK_READ_CACHE_ENTRIES: '0' }) });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const wm = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ms = await startMapServer(dir, new URL(url));
    peer = ms.proc;
    const msItems = (layer: string) => `/cgi-bin/mapserv/peers/ogcapi/collections/${layer}/items`;

    // Both return the same features for the same box: every page of the first boxes walked.
    for (const b of boxes.slice(0, 5)) {
      const ours = await allFeatures(`${wm}/ogc/collections/assets/items?bbox=${bboxOf(b)}&limit=1000`);
      const oursIds = [...new Set(ours.ids.map((f) => f.id))].sort();
      for (const layer of ['flat', 'published']) {
        const theirs = await allFeatures(`${ms.base}${msItems(layer)}?f=json&bbox=${bboxOf(b)}&limit=10000`, false);
        if (Number(theirs.numberMatched) !== theirs.ids.length) throw new Error(`box ${bboxOf(b)}: MapServer ${layer} returned ${theirs.ids.length} of ${String(theirs.numberMatched)}`);
        const theirIds = [...new Set(theirs.ids.map((f) => String(f.properties.asset_id)))].sort();
        if (oursIds.join() !== theirIds.join()) throw new Error(`box ${bboxOf(b)}: /ogc has ${oursIds.length} assets, MapServer ${layer} ${theirIds.length}`);
      }
    }
    // Like with like: MapServer counts on every page, so its rows compare with /ogc's numberMatched=true row.
    const counted = await Promise.all(boxes.map(async (b) => {
      const page = await (await fetch(`${ms.base}${msItems('flat')}?f=json&bbox=${bboxOf(b)}&limit=100`)).json() as { numberMatched?: number; features: unknown[] };
      return { given: typeof page.numberMatched === 'number', full: page.features.length === 100 };
    }));
    const matchCounts = (await Promise.all(boxes.map(async (b) => Number((await knex('peer_flat').where(knex.raw('geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.minLng, b.minLat, b.maxLng, b.maxLat])).count('* as n'))[0].n)))).sort((a, b) => a - b);
    console.log(`${points} published points; ${boxes.length} random 0.2° × 0.1° boxes hold min ${matchCounts[0]}, median ${matchCounts[Math.floor(matchCounts.length / 2)]}, max ${matchCounts[matchCounts.length - 1]}; the first 5 boxes give the same assets from /ogc and both MapServer layers`);
    console.log(`MapServer's items carry numberMatched on ${counted.filter((c) => c.given).length} of ${boxes.length} boxes' first pages (${counted.filter((c) => c.full && c.given).length} of the ${counted.filter((c) => c.full).length} full ones)`);
    const mvtOk = (await fetch(`${ms.base}/cgi-bin/mapserv?map=peers&mode=tile&tilemode=gmap&tile=${tiles[0].x}+${tiles[0].y}+${tiles[0].z}&layers=flat&map.imagetype=mvt`));
    console.log(`MapServer MVT: ${mvtOk.status} ${mvtOk.headers.get('content-type')} ${(await mvtOk.arrayBuffer()).byteLength} bytes`);

    const cases: { endpoint: string; base: string; paths: string[] }[] = [
      { endpoint: 'Waymark /api/assets geojson', base: wm, paths: boxes.map((b) => `/api/assets?bbox=${bboxOf(b)}&format=geojson&limit=100`) },
      { endpoint: 'MapServer OGC API flat', base: ms.base, paths: boxes.map((b) => `${msItems('flat')}?f=json&bbox=${bboxOf(b)}&limit=100`) },
      { endpoint: 'Waymark /ogc items', base: wm, paths: boxes.map((b) => `/ogc/collections/assets/items?bbox=${bboxOf(b)}&limit=100`) },
      { endpoint: 'MapServer OGC API view', base: ms.base, paths: boxes.map((b) => `${msItems('published')}?f=json&bbox=${bboxOf(b)}&limit=100`) },
      { endpoint: 'Waymark /ogc items numberMatched', base: wm, paths: boxes.map((b) => `/ogc/collections/assets/items?bbox=${bboxOf(b)}&limit=100&numberMatched=true`) },
      { endpoint: 'Waymark /tiles z14', base: wm, paths: tiles.map((t) => `/tiles/assets/${t.z}/${t.x}/${t.y}.mvt`) },
      { endpoint: 'MapServer MVT z14', base: ms.base, paths: tiles.map((t) => `/cgi-bin/mapserv?map=peers&mode=tile&tilemode=gmap&tile=${t.x}+${t.y}+${t.z}&layers=flat&map.imagetype=mvt`) },
    ];
    const samples: Sample[] = [];
    for (let round = 1; round <= Number(args.rounds); round++) {
      console.log(`round ${round}: load average before ${loadavg()}`);
      for (const c of cases) {
        const m = await measureHttpPaths(c.base, c.paths, SHAPE);
        if (m.failures) console.log(`  ${c.endpoint}: ${m.failures} non-2xx or failed requests (not counted)`);
        samples.push({ endpoint: c.endpoint, m });
      }
      console.log(`round ${round}: load average after ${loadavg()}`);
    }
    const rate = (e: string) => median(samples.filter((s) => s.endpoint === e).map((s) => ok2xx(s.m)));
    console.log(`\n${'endpoint'.padEnd(34)}  ${'2xx req/s'.padStart(9)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}`);
    for (const c of cases) {
      const g = samples.filter((s) => s.endpoint === c.endpoint);
      console.log(`${c.endpoint.padEnd(34)}  ${rate(c.endpoint).toFixed(0).padStart(9)}  ${median(g.map((s) => s.m.p50Ms)).toFixed(1).padStart(7)}  ${median(g.map((s) => s.m.p99Ms)).toFixed(1).padStart(7)}`);
    }
    const ratio = (a: string, b: string) => console.log(`${a} / ${b}: ${(rate(a) / rate(b)).toFixed(2)}×`);
    console.log('');
    ratio('Waymark /ogc items', 'MapServer OGC API flat');
    ratio('Waymark /ogc items', 'MapServer OGC API view');
    ratio('Waymark /ogc items numberMatched', 'MapServer OGC API flat');
    ratio('Waymark /ogc items numberMatched', 'MapServer OGC API view');
    ratio('Waymark /api/assets geojson', 'MapServer OGC API flat');
    ratio('Waymark /tiles z14', 'MapServer MVT z14');
    console.log(`medians over ${args.rounds} rounds; only 2xx answers counted; load average at end ${loadavg()}`);
  } finally {
    if (peer?.pid) {
      // mapserv's FastCGI processes outlive a SIGTERM to lighttpd: the whole group gets a SIGKILL after a moment.
      const group = -peer.pid;
      try { process.kill(group, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 500));
      try { process.kill(group, 'SIGKILL'); } catch { /* already gone */ }
    }
    if (server) await new Promise((resolve) => server!.close(resolve));
    await db.knex.raw('DROP VIEW IF EXISTS peer_published').catch(() => undefined);
    await db.knex.raw('DROP TABLE IF EXISTS peer_flat').catch(() => undefined);
    await dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
