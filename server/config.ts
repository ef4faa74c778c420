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
});

export type Config = {
  port: number;
  host: string;
  env: 'development' | 'production' | 'test';
  databaseUrl?: string;
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
    dataDir: path.resolve(e.WAYMARK_DATA_DIR),
    demo: e.WAYMARK_DEMO,
    ...basemapOf(e),
    sessionHours: e.WAYMARK_SESSION_HOURS,
    cookieSecure: e.WAYMARK_COOKIE_SECURE ? e.WAYMARK_COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    trustProxy: e.WAYMARK_TRUST_PROXY,
    statementTimeoutMs: e.WAYMARK_STATEMENT_TIMEOUT_MS,
    logRequests: e.WAYMARK_LOG_REQUESTS,
    clientDir: path.resolve(__dirname, '..', 'client', 'dist'),
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
