import type { Knex } from 'knex';

/**
 * The public read model (issue 10): what anonymous and other non-privileged viewers may
 * see of each published asset, flattened so a public map or listing reads one table.
 *
 *   public_asset       one row per published asset: the filter columns and `doc`, the
 *                      record exactly as server/assets/view.ts assetView shows it to a
 *                      viewer who may not see exact places (stale, which moves with the
 *                      clock, is added at read time from `verified_at`);
 *   public_asset_site  one row per (published asset, site): the PUBLIC point only
 *                      (site.geom_public: the masking cell's centre at a sensitive place,
 *                      never its exact point), what a map feature shows, and the filters.
 *
 * Kept right inside the writing transaction by STATEMENT-level triggers with transition
 * tables, so a bulk insert refreshes its assets in one set-based statement, on asset,
 * asset_site, site (moves, sensitivity, re-masking after a postcode load or a k change all
 * rewrite the site row) and organisation (its name is shown once it is published). Both tables are derived:
 * `waymark_refresh_public_assets(ids)` rebuilds any assets' rows from the full tables.
 */
/** What the read model should hold for `ids` as first written (migration 2026120260 rewrites it; its down restores this). */
export const PUBLIC_ASSET_ROWS_V1 = `
    CREATE OR REPLACE FUNCTION waymark_public_asset_rows(ids uuid[]) RETURNS SETOF public_asset LANGUAGE sql STABLE AS $$
      SELECT a.id, a.partnership_id, a.name, a.description, a.category, a.tags, a.who_for, a.peer_led, a.sensitive,
             CASE WHEN o.status = 'published' THEN a.organisation_id END, a.updated_at, coalesce(a.last_verified_at, a.created_at),
             jsonb_build_object(
               'id', a.id, 'version', a.version, 'name', a.name, 'description', a.description, 'category', a.category,
               'tags', to_jsonb(a.tags), 'sensitive', a.sensitive, 'phone', a.phone, 'email', a.email, 'website', a.website,
               'schedule', a.schedule, 'scheduleNotes', a.schedule_notes, 'whoFor', to_jsonb(a.who_for),
               'selfReferral', a.self_referral, 'professionalReferral', a.professional_referral,
               'wheelchairAccess', a.wheelchair_access, 'cost', a.cost, 'costNotes', a.cost_notes, 'peerLed', a.peer_led,
               'commissioning', a.commissioning, 'participationLevel', a.participation_level, 'status', a.status,
               'statusReason', a.status_reason, 'learnedFrom', a.learned_from, 'mergedInto', a.merged_into,
               'createdBy', NULL, 'lastVerifiedBy', NULL,
               'createdAt', waymark_iso_time(a.created_at), 'updatedAt', waymark_iso_time(a.updated_at),
               'publishedAt', waymark_iso_time(a.published_at), 'lastVerifiedAt', waymark_iso_time(a.last_verified_at),
               'organisation', CASE WHEN a.organisation_id IS NULL OR o.status IS DISTINCT FROM 'published' THEN NULL
                                    ELSE jsonb_build_object('id', a.organisation_id, 'name', coalesce(o.name, '')) END,
               'sites', coalesce((
                 SELECT jsonb_agg(jsonb_build_object(
                   'id', s.id,
                   'venueName', CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END,
                   'address', CASE WHEN s.sensitive THEN NULL ELSE s.address END,
                   'postcode', CASE WHEN s.sensitive THEN nullif((regexp_split_to_array(btrim(s.postcode), '\\s+'))[1], '') ELSE s.postcode END,
                   'lat', ST_Y(s.geom_public), 'lng', ST_X(s.geom_public),
                   'locationPrecision', CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END
                 ) ORDER BY s.created_at, s.id)
                 FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = a.id
               ), '[]'::jsonb))
      FROM asset a LEFT JOIN organisation o ON o.id = a.organisation_id
      WHERE a.id = ANY (ids) AND a.status = 'published'
    $$;
  `;

/** The first refresh (migration 2026120260 replaces it; its down restores this). */
export const REFRESH_PUBLIC_ASSETS_V1 = `
    CREATE OR REPLACE FUNCTION waymark_refresh_public_assets(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
      -- Set operations (hashed), never a join the planner might run as a nested loop over the function.
      DELETE FROM public_asset WHERE asset_id IN (
        SELECT p.asset_id FROM (
          SELECT t.asset_id, t::text AS r FROM public_asset t WHERE t.asset_id = ANY (ids)
          EXCEPT SELECT f.asset_id, f::text FROM waymark_public_asset_rows(ids) f
        ) p);
      INSERT INTO public_asset
      SELECT f.* FROM waymark_public_asset_rows(ids) f
      WHERE f.asset_id NOT IN (SELECT t.asset_id FROM public_asset t WHERE t.asset_id = ANY (ids));
      DELETE FROM public_asset_site WHERE (asset_id, site_id) IN (
        SELECT p.asset_id, p.site_id FROM (
          SELECT t.asset_id, t.site_id, t::text AS r FROM public_asset_site t WHERE t.asset_id = ANY (ids)
          EXCEPT SELECT f.asset_id, f.site_id, f::text FROM waymark_public_asset_site_rows(ids) f
        ) p);
      INSERT INTO public_asset_site
      SELECT f.* FROM waymark_public_asset_site_rows(ids) f
      WHERE (f.asset_id, f.site_id) NOT IN (SELECT t.asset_id, t.site_id FROM public_asset_site t WHERE t.asset_id = ANY (ids));
    END $$;
  `;

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

  // ISO 8601 in UTC with milliseconds, exactly as JSON.stringify writes a JavaScript Date.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_iso_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $$;
  `);

  // What the read model should hold for `ids`, from the full tables (an asset no longer published has no rows).
  await knex.raw(PUBLIC_ASSET_ROWS_V1);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_public_asset_site_rows(ids uuid[]) RETURNS SETOF public_asset_site LANGUAGE sql STABLE AS $$
      SELECT a.id, s.id, a.partnership_id, s.geom_public, s.created_at,
             (count(*) OVER (PARTITION BY a.id))::integer, a.name, a.category, a.who_for, a.peer_led, a.sensitive,
             CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END,
             CASE WHEN a.organisation_id IS NULL OR o.status IS DISTINCT FROM 'published' THEN NULL ELSE coalesce(o.name, '') END,
             CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END
      FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id
      LEFT JOIN organisation o ON o.id = a.organisation_id
      WHERE a.id = ANY (ids) AND a.status = 'published'
    $$;
  `);
  // Bring the rows of `ids` in line, touching only rows that differ: an unchanged row keeps
  // its place, so an unsorted page (a map's box) is not reshuffled by writes that change
  // nothing public (moving a refuge inside its masking cell, say).
  await knex.raw(REFRESH_PUBLIC_ASSETS_V1);

  // Statement-level maintenance: each trigger collects the assets its statement touched.
  const triggers: [table: string, event: string, transition: string, ids: string][] = [
    ['asset', 'INSERT', 'NEW TABLE AS changed', 'SELECT id FROM changed'],
    ['asset', 'UPDATE', 'NEW TABLE AS changed', 'SELECT id FROM changed'],
    ['asset_site', 'INSERT', 'NEW TABLE AS changed', 'SELECT asset_id FROM changed'],
    ['asset_site', 'DELETE', 'OLD TABLE AS changed', 'SELECT asset_id FROM changed'],
    ['site', 'UPDATE', 'NEW TABLE AS changed', 'SELECT x.asset_id FROM changed c JOIN asset_site x ON x.site_id = c.id'],
    ['organisation', 'UPDATE', 'NEW TABLE AS changed', 'SELECT a.id FROM changed c JOIN asset a ON a.organisation_id = c.id'],
  ];
  for (const [table, event, transition, ids] of triggers) {
    const fn = `waymark_public_${table}_${event.toLowerCase()}`;
    await knex.raw(`
      CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT t.id FROM (${ids}) AS t(id)));
        RETURN NULL;
      END $$;
    `);
    await knex.raw(`CREATE TRIGGER ${table}_public_${event.toLowerCase()} AFTER ${event} ON ${table}
      REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  }
  // Deleting an asset cascades to public_asset (and its sites) through the foreign key.

  await knex.raw(`SELECT waymark_refresh_public_assets(ARRAY(SELECT id FROM asset WHERE status = 'published'))`);
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
