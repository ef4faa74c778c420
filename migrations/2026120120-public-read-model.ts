import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';

/**
 * The public read model (issue 10): what anonymous and other non-privileged viewers may
 * see of each published asset, flattened so a public map or listing reads one table.
 *   public_asset       one row per published asset: the filter columns and `doc`, the
 *                      record as server/assets/view.ts shows it to a viewer who may not
 *                      see exact places (`stale` is added at read time from verified_at);
 *   public_asset_site  one row per (published asset, site): the PUBLIC point only
 *                      (site.geom_public), what a map feature shows, and the filters.
 * Kept right inside the writing transaction by statement-level triggers on asset,
 * asset_site, site and organisation. Bodies: server/assets/public/sql/; design and
 * measurements: docs/decisions/0003-public-read-model.md.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE public_asset (
    asset_id uuid PRIMARY KEY REFERENCES asset(id) ON DELETE CASCADE,
    partnership_id uuid NOT NULL,
    name text NOT NULL,
    description text NULL,
    category text NOT NULL,
    tags text[] NOT NULL,
    who_for text[] NOT NULL,
    peer_led boolean NOT NULL,
    sensitive boolean NOT NULL,
    organisation_id uuid NULL,
    updated_at timestamptz NOT NULL,
    verified_at timestamptz NOT NULL,
    doc jsonb NOT NULL
  )`);
  await knex.raw('CREATE INDEX public_asset_partnership_name_idx ON public_asset (partnership_id, name, asset_id)');
  await knex.raw('CREATE INDEX public_asset_name_fold_trgm_idx ON public_asset USING gin (waymark_fold(name) gin_trgm_ops)');

  await knex.raw(`CREATE TABLE public_asset_site (
    asset_id uuid NOT NULL REFERENCES public_asset(asset_id) ON DELETE CASCADE,
    site_id uuid NOT NULL,
    partnership_id uuid NOT NULL,
    geom geometry(Point, 4326) NOT NULL,
    site_created_at timestamptz NOT NULL,
    sites_n integer NOT NULL,
    name text NOT NULL,
    category text NOT NULL,
    who_for text[] NOT NULL,
    peer_led boolean NOT NULL,
    sensitive boolean NOT NULL,
    location_precision text NOT NULL,
    organisation_name text NULL,
    venue_name text NULL,
    PRIMARY KEY (asset_id, site_id)
  )`);
  await knex.raw('CREATE INDEX public_asset_site_geom_gist ON public_asset_site USING gist (geom)');
  await knex.raw('CREATE INDEX public_asset_site_geog_gist ON public_asset_site USING gist ((geom::geography))');
  await knex.raw('CREATE INDEX public_asset_site_site_idx ON public_asset_site (site_id)');

  // Statement-level maintenance: each trigger collects the assets its statement touched.
  const triggers: [table: string, event: string, transition: string][] = [
    ['asset', 'INSERT', 'NEW TABLE AS changed'],
    ['asset', 'UPDATE', 'NEW TABLE AS changed'],
    ['asset_site', 'INSERT', 'NEW TABLE AS changed'],
    ['asset_site', 'DELETE', 'OLD TABLE AS changed'],
    ['site', 'UPDATE', 'NEW TABLE AS changed'],
    ['organisation', 'UPDATE', 'NEW TABLE AS changed'],
  ];
  for (const [table, event, transition] of triggers) {
    const fn = `waymark_public_${table}_${event.toLowerCase()}`;
    await applyRoutines(knex, [fn]);
    await knex.raw(`CREATE TRIGGER ${table}_public_${event.toLowerCase()} AFTER ${event} ON ${table}
      REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  }
  // Deleting an asset cascades to public_asset (and its sites) through the foreign key.
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, event] of [['asset', 'insert'], ['asset', 'update'], ['asset_site', 'insert'], ['asset_site', 'delete'], ['site', 'update'], ['organisation', 'update']]) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_public_${event} ON ${table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS waymark_public_${table}_${event}()`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS waymark_refresh_public_assets(uuid[])');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_public_asset_site_rows(uuid[])');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_public_asset_rows(uuid[])');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_iso_time(timestamptz)');
  await knex.raw('DROP TABLE IF EXISTS public_asset_site');
  await knex.raw('DROP TABLE IF EXISTS public_asset');
}
