import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every setting and its default lives here so a newcomer
 * can see at a glance what the server can be told.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Unset: the embedded PGlite engine. Set: a PostgreSQL/PostGIS server. */
  DATABASE_URL: z.string().url().optional(),
  WAYMARK_DATA_DIR: z.string().default('./data'),
  /** Seed the fictional Calderdale partnership on an empty database, and print demo log-ins. */
  WAYMARK_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /**
   * `online` (default; `offline` under NODE_ENV=test): an OpenStreetMap basemap fetched from
   * the providers below. `offline`: no external calls at all; the maps draw the partnership's
   * own town names and LSOA outlines (see docs/operations.md).
   */
  WAYMARK_BASEMAP: z.enum(['online', 'offline']).optional(),
  /** Raster tiles (Leaflet; and the main map when no style URL is set), e.g. a council's own. */
  WAYMARK_BASEMAP_URL: z.string().optional(),
  WAYMARK_BASEMAP_ATTRIBUTION: z.string().optional(),
  /** A MapLibre vector style for the main map. */
  WAYMARK_BASEMAP_STYLE_URL: z.string().url().optional(),
  WAYMARK_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Send cookies with Secure; on by default in production (behind HTTPS). */
  WAYMARK_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Trust X-Forwarded-For from this many proxies (for login rate limits behind a load balancer). */
  WAYMARK_TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Server engine only: abort any statement running longer than this. */
  WAYMARK_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  WAYMARK_LOG_REQUESTS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** A new site further than this outside the partnership's boundary needs a coordinator's confirmation. */
  WAYMARK_BOUNDARY_MARGIN_M: z.coerce.number().min(0).max(200_000).default(5000),
  /** Per-address and per-account request limits (per minute); on by default, off under NODE_ENV=test. */
  WAYMARK_RATE_LIMITS: z.enum(['true', 'false']).optional(),
  WAYMARK_RATE_WRITES_PER_MIN_ADDRESS: z.coerce.number().int().positive().default(300),
  WAYMARK_RATE_WRITES_PER_MIN_ACCOUNT: z.coerce.number().int().positive().default(120),
  WAYMARK_RATE_READS_PER_MIN_ADDRESS: z.coerce.number().int().positive().default(1200),
  WAYMARK_RATE_READS_PER_MIN_ACCOUNT: z.coerce.number().int().positive().default(600),
  WAYMARK_RATE_DUPLICATE_CHECKS_PER_MIN_ACCOUNT: z.coerce.number().int().positive().default(30),
  /** Expensive reads per minute (server/http/expensive-reads.ts): gap analyses per account; campaign results and pathways per account and per address. Off with WAYMARK_RATE_LIMITS. */
  WAYMARK_RATE_GAP_READS_PER_MIN_ACCOUNT: z.coerce.number().int().positive().default(60),
  WAYMARK_RATE_RESULTS_READS_PER_MIN_ACCOUNT: z.coerce.number().int().positive().default(120),
  WAYMARK_RATE_RESULTS_READS_PER_MIN_ADDRESS: z.coerce.number().int().positive().default(60),
  /** Campaign results and pathway layers kept per campaign version (0 turns the cache off). */
  WAYMARK_RESULTS_CACHE_ENTRIES: z.coerce.number().int().min(0).default(32),
  /** API requests in progress at once before new ones get 503 + Retry-After (default: 80 embedded, 400 server). */
  WAYMARK_MAX_IN_FLIGHT: z.coerce.number().int().positive().optional(),
  /** Writes running at once (default: 2 embedded, 32 server) and waiting for a turn (default 64 / 512). */
  WAYMARK_WRITE_SLOTS: z.coerce.number().int().positive().optional(),
  WAYMARK_WRITE_QUEUE: z.coerce.number().int().min(0).optional(),
  /** Public listing answers cached per data version (0 turns the cache off), and for how long. */
  WAYMARK_READ_CACHE_ENTRIES: z.coerce.number().int().min(0).default(500),
  WAYMARK_READ_CACHE_TTL_MS: z.coerce.number().int().positive().default(30_000),
  /** From this many published places the main map reads vector tiles instead of every point as GeoJSON. */
  WAYMARK_MAP_TILES_FROM: z.coerce.number().int().min(0).default(3000),
  /**
   * Fetching a URL for a user (a Meeting Guide feed): hosts or addresses that may be private
   * (comma-separated; none by default: loopback, private and link-local addresses are
   * refused), and the deadline for the whole fetch. See server/http/outbound.ts.
   */
  WAYMARK_OUTBOUND_ALLOW_HOSTS: z.string().default(''),
  WAYMARK_OUTBOUND_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(20_000),
  /** The Chromium that renders the CQS report's PDF (playwright-core); without it the PDF route says so and links the printable page. */
  WAYMARK_CHROMIUM: z.string().default('/usr/bin/chromium'),
  WAYMARK_SNAPSHOT_ON_CLOSE: z.enum(['true', 'false']).optional(),
});

export type Config = {
  port: number;
  host: string;
  env: 'development' | 'production' | 'test';
  databaseUrl?: string;
  chromiumPath: string;
  /** Take a dashboard snapshot as each linkage campaign closes (off under test unless a test asks: each is a full dashboard). */
  snapshotOnClose: boolean;
  dataDir: string;
  demo: boolean;
  /** Raster tiles for Leaflet (and MapLibre without a style); null: offline. */
  basemap: { url: string; attribution: string } | null;
  /** MapLibre vector style; null: offline, or raster only. */
  basemapStyle: { url: string } | null;
  sessionHours: number;
  cookieSecure: boolean;
  trustProxy: number;
  statementTimeoutMs: number;
  logRequests: boolean;
  clientDir: string;
  boundaryMarginM: number;
  rateLimits: RateLimits | null;
  /** Budgets for the reads that cost seconds when uncached; null (off) with the rate limits. */
  expensiveReads: ExpensiveReadLimits | null;
  /** Results and pathway answers kept in the process, keyed by campaign version. */
  resultsCache: { entries: number };
  maxInFlight: number;
  writeGate: { slots: number; maxQueue: number; maxWaitMs: number };
  readCache: { entries: number; ttlMs: number };
  /** The main map switches to vector tiles (/tiles/assets) at this many published places. */
  mapTilesFrom: number;
  /** URL fetches on a user's behalf (server/http/outbound.ts). */
  outbound: { allowHosts: string[]; timeoutMs: number };
};

/** Requests per minute. */
export type ExpensiveReadLimits = {
  gapReadsPerAccount: number;
  resultsReadsPerAccount: number;
  resultsReadsPerAddress: number;
};

/** Requests per minute. */
export type RateLimits = {
  writesPerAddress: number;
  writesPerAccount: number;
  readsPerAddress: number;
  readsPerAccount: number;
  duplicateChecksPerAccount: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    chromiumPath: e.WAYMARK_CHROMIUM,
    snapshotOnClose: (e.WAYMARK_SNAPSHOT_ON_CLOSE ?? (e.NODE_ENV === 'test' ? 'false' : 'true')) === 'true',
    dataDir: path.resolve(e.WAYMARK_DATA_DIR),
    demo: e.WAYMARK_DEMO,
    ...basemapOf(e),
    sessionHours: e.WAYMARK_SESSION_HOURS,
    cookieSecure: e.WAYMARK_COOKIE_SECURE ? e.WAYMARK_COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    trustProxy: e.WAYMARK_TRUST_PROXY,
    statementTimeoutMs: e.WAYMARK_STATEMENT_TIMEOUT_MS,
    logRequests: e.WAYMARK_LOG_REQUESTS,
    clientDir: path.resolve(__dirname, '..', 'client', 'dist'),
    boundaryMarginM: e.WAYMARK_BOUNDARY_MARGIN_M,
    expensiveReads: (e.WAYMARK_RATE_LIMITS ?? (e.NODE_ENV === 'test' ? 'false' : 'true')) === 'true'
      ? {
          gapReadsPerAccount: e.WAYMARK_RATE_GAP_READS_PER_MIN_ACCOUNT,
          resultsReadsPerAccount: e.WAYMARK_RATE_RESULTS_READS_PER_MIN_ACCOUNT,
          resultsReadsPerAddress: e.WAYMARK_RATE_RESULTS_READS_PER_MIN_ADDRESS,
        }
      : null,
    resultsCache: { entries: e.WAYMARK_RESULTS_CACHE_ENTRIES },
    rateLimits: (e.WAYMARK_RATE_LIMITS ?? (e.NODE_ENV === 'test' ? 'false' : 'true')) === 'true'
      ? {
          writesPerAddress: e.WAYMARK_RATE_WRITES_PER_MIN_ADDRESS,
          writesPerAccount: e.WAYMARK_RATE_WRITES_PER_MIN_ACCOUNT,
          readsPerAddress: e.WAYMARK_RATE_READS_PER_MIN_ADDRESS,
          readsPerAccount: e.WAYMARK_RATE_READS_PER_MIN_ACCOUNT,
          duplicateChecksPerAccount: e.WAYMARK_RATE_DUPLICATE_CHECKS_PER_MIN_ACCOUNT,
        }
      : null,
    // Under test, bursts of parallel requests are the point of some tests: queue, do not refuse.
    maxInFlight: e.WAYMARK_MAX_IN_FLIGHT ?? (e.NODE_ENV === 'test' ? 10_000 : e.DATABASE_URL ? 400 : 80),
    writeGate: {
      slots: e.WAYMARK_WRITE_SLOTS ?? (e.DATABASE_URL ? 32 : 2),
      maxQueue: e.WAYMARK_WRITE_QUEUE ?? (e.NODE_ENV === 'test' ? 10_000 : e.DATABASE_URL ? 512 : 64),
      maxWaitMs: e.NODE_ENV === 'test' ? 120_000 : 6000,
    },
    readCache: { entries: e.WAYMARK_READ_CACHE_ENTRIES, ttlMs: e.WAYMARK_READ_CACHE_TTL_MS },
    mapTilesFrom: e.WAYMARK_MAP_TILES_FROM,
    outbound: {
      allowHosts: e.WAYMARK_OUTBOUND_ALLOW_HOSTS.split(',').map((h) => h.trim()).filter(Boolean),
      timeoutMs: e.WAYMARK_OUTBOUND_TIMEOUT_MS,
    },
  };
}

/**
 * The default online basemap: OpenStreetMap data. Vector: OpenFreeMap's "liberty" style (free,
 * no key, attribution in the style). Raster: the OpenStreetMap Foundation's tiles, whose usage
 * policy allows light use with attribution; a partnership with heavy use points
 * WAYMARK_BASEMAP_URL at its own or a commercial provider's tiles.
 */
export const DEFAULT_BASEMAP = {
  styleUrl: 'https://tiles.openfreemap.org/styles/liberty',
  rasterUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  rasterAttribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
};

function basemapOf(e: z.infer<typeof envSchema>): Pick<Config, 'basemap' | 'basemapStyle'> {
  const mode = e.WAYMARK_BASEMAP ?? (e.NODE_ENV === 'test' ? 'offline' : 'online');
  if (mode === 'offline') return { basemap: null, basemapStyle: null };
  const ownRaster = e.WAYMARK_BASEMAP_URL;
  return {
    basemap: {
      url: ownRaster ?? DEFAULT_BASEMAP.rasterUrl,
      attribution: e.WAYMARK_BASEMAP_ATTRIBUTION ?? (ownRaster ? '' : DEFAULT_BASEMAP.rasterAttribution),
    },
    // Someone who set their own raster tiles and no style wants those tiles on every map.
    basemapStyle: e.WAYMARK_BASEMAP_STYLE_URL ? { url: e.WAYMARK_BASEMAP_STYLE_URL } : ownRaster ? null : { url: DEFAULT_BASEMAP.styleUrl },
  };
}
