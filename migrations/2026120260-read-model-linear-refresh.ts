import type { Knex } from 'knex';

/**
 * The read model's refresh was quadratic whenever the planner's statistics were stale,
 * and they are stale all through a bulk import (one transaction; nothing analysed sees
 * its rows). Server engine, assets + sites + links published in one transaction,
 * auto_explain on the link insert's refresh:
 * - the record builder ran its per-asset sites subquery as a sequential scan of `site`
 *   for every asset (`Seq Scan on site ... loops=10000`): 10,000 links took 29 s;
 * - the refresh's `IN (… EXCEPT …)` and `NOT IN (…)` ran as nested loops that recomputed
 *   the other side per row (`HashSetOp Except ... loops=30000`): 30,000 links took 439 s,
 *   and 100,000 did not finish in 18 minutes.
 * Now the sites are aggregated in one grouped pass joined once, and the refresh finds the
 * changed assets with set operations computed once into an array, then deletes and
 * inserts by key (an asset with any changed place has all its place rows rewritten).
 * The same 30,000 links: 10.2 s, linear (index probes). The same rows come out
 * (test/api/read-model.test.ts); test/api/read-model-plans.test.ts checks the plans.
 *
 * The place rows' foreign key now points at asset, not public_asset. Every record that
 * changes is deleted and rewritten, and each public_asset delete ran the key's cascade
 * (DELETE FROM public_asset_site WHERE asset_id = $1), a plan the session caches the
 * first time, when a new registry's table is empty: a sequential scan, then run once
 * per record over a table the import is filling. A first published import of 30,000 rows
 * into an empty registry spent 7.8 s and 15.6 s in two such deletes whose own scans took
 * 10-15 ms (auto_explain). The refresh removes a record's place rows itself, and a
 * deleted asset still takes its place rows with it.
 *
 * And waymark_json_ascii, which every record and feature text goes through, escaped a
 * text with any non-ASCII character ("Café", a curly apostrophe) by splitting it into
 * one row per character: ~100 µs for a 1 KB record. It now replaces each distinct
 * non-ASCII character in place: 20,000 records with one in four non-ASCII, 601 → 133 ms
 * (of which 142 ms alone is the jsonb → text it is given); identical output over
 * 20,000 random strings of accented, CJK, astral, private-use and control characters.
 */
const HEAD = String.raw`
CREATE OR REPLACE FUNCTION waymark_public_asset_rows(ids uuid[])
 RETURNS SETOF public_asset
 LANGUAGE sql
 STABLE
AS $$
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
               `;

const GROUPED_SITES = String.raw`'sites', coalesce(g.sites, '[]'::jsonb))
      FROM asset a LEFT JOIN organisation o ON o.id = a.organisation_id
      LEFT JOIN (SELECT x.asset_id, jsonb_agg(jsonb_build_object(
                   'id', s.id,
                   'venueName', CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END,
                   'address', CASE WHEN s.sensitive THEN NULL ELSE s.address END,
                   'postcode', CASE WHEN s.sensitive THEN nullif((regexp_split_to_array(btrim(s.postcode), '\s+'))[1], '') ELSE s.postcode END,
                   'lat', ST_Y(s.geom_public), 'lng', ST_X(s.geom_public),
                   'locationPrecision', CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END
                 ) ORDER BY s.created_at, s.id) AS sites
                 FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ANY (ids) GROUP BY x.asset_id
      ) g ON g.asset_id = a.id
      WHERE a.id = ANY (ids) AND a.status = 'published'
    $$`;

const CORRELATED_SITES = String.raw`'sites', coalesce((
                 SELECT jsonb_agg(jsonb_build_object(
                   'id', s.id,
                   'venueName', CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END,
                   'address', CASE WHEN s.sensitive THEN NULL ELSE s.address END,
                   'postcode', CASE WHEN s.sensitive THEN nullif((regexp_split_to_array(btrim(s.postcode), '\s+'))[1], '') ELSE s.postcode END,
                   'lat', ST_Y(s.geom_public), 'lng', ST_X(s.geom_public),
                   'locationPrecision', CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END
                 ) ORDER BY s.created_at, s.id)
                 FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = a.id
               ), '[]'::jsonb))
      FROM asset a LEFT JOIN organisation o ON o.id = a.organisation_id
      WHERE a.id = ANY (ids) AND a.status = 'published'
    $$`;

const LINEAR_REFRESH = String.raw`
CREATE OR REPLACE FUNCTION waymark_refresh_public_assets(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      changed uuid[];
    BEGIN
      IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
      -- Which assets' rows differ (or exist on one side only): set operations over each
      -- side read once, computed once into an array, then deletes and inserts by key.
      -- Never IN/NOT IN over a subquery: with stale statistics the planner ran those as a
      -- nested loop that recomputed the other side per row.
      changed := ARRAY(
        WITH cur AS (SELECT t.asset_id, t::text AS r FROM public_asset t WHERE t.asset_id = ANY (ids)),
             fresh AS MATERIALIZED (SELECT f.asset_id, f::text AS r FROM waymark_public_asset_rows(ids) f)
        SELECT d.asset_id FROM (SELECT * FROM cur EXCEPT SELECT * FROM fresh) d
        UNION SELECT n.asset_id FROM (SELECT * FROM fresh EXCEPT SELECT * FROM cur) n);
      IF cardinality(changed) > 0 THEN
        DELETE FROM public_asset WHERE asset_id = ANY (changed);
        INSERT INTO public_asset SELECT * FROM waymark_public_asset_rows(changed);
      END IF;
      -- The same per place; public_asset_site_rows reads public_asset, brought up to date above.
      changed := ARRAY(
        WITH cur AS (SELECT t.asset_id, t.site_id, t::text AS r FROM public_asset_site t WHERE t.asset_id = ANY (ids)),
             fresh AS MATERIALIZED (SELECT f.asset_id, f.site_id, f::text AS r FROM waymark_public_asset_site_rows(ids) f)
        SELECT d.asset_id FROM (SELECT * FROM cur EXCEPT SELECT * FROM fresh) d
        UNION SELECT n.asset_id FROM (SELECT * FROM fresh EXCEPT SELECT * FROM cur) n);
      IF cardinality(changed) > 0 THEN
        DELETE FROM public_asset_site WHERE asset_id = ANY (changed);
        INSERT INTO public_asset_site SELECT * FROM waymark_public_asset_site_rows(changed);
      END IF;
    END $$;
`;

const NESTED_REFRESH = String.raw`
CREATE OR REPLACE FUNCTION waymark_refresh_public_assets(ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
AS $$
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
    END $$
`;

const ASCII_BY_REPLACE = String.raw`
CREATE OR REPLACE FUNCTION waymark_json_ascii(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      c text;
      code int;
    BEGIN
      IF t IS NULL OR t !~ '[^\x01-\x7f]' THEN RETURN t; END IF;
      FOR c IN SELECT DISTINCT m[1] FROM regexp_matches(t, '([^\x01-\x7f])', 'g') AS m LOOP
        code := ascii(c);
        t := replace(t, c, CASE
          WHEN code < 65536 THEN '\u' || lpad(to_hex(code), 4, '0')
          ELSE '\u' || to_hex(55296 + ((code - 65536) >> 10)) || '\u' || to_hex(56320 + ((code - 65536) & 1023))
        END);
      END LOOP;
      RETURN t;
    END $$;
`;

const ASCII_BY_CHARACTER = String.raw`
CREATE OR REPLACE FUNCTION waymark_json_ascii(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      IF t IS NULL OR t !~ '[^\x01-\x7f]' THEN RETURN t; END IF;
      RETURN (
        SELECT string_agg(CASE
                 WHEN ascii(c) < 128 THEN c
                 WHEN ascii(c) < 65536 THEN '\u' || lpad(to_hex(ascii(c)), 4, '0')
                 ELSE '\u' || to_hex(55296 + ((ascii(c) - 65536) >> 10)) || '\u' || to_hex(56320 + ((ascii(c) - 65536) & 1023))
               END, '' ORDER BY i)
        FROM unnest(string_to_array(t, NULL)) WITH ORDINALITY AS x(c, i));
    END $$;
`;

const PLACES_KEYED_ON_PUBLIC_ASSET = 'FOREIGN KEY (asset_id) REFERENCES public_asset(asset_id) ON DELETE CASCADE';
const PLACES_KEYED_ON_ASSET = 'FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE CASCADE';
const rekeyPlaces = (knex: Knex, key: string) => knex.raw(
  `ALTER TABLE public_asset_site DROP CONSTRAINT public_asset_site_asset_id_fkey, ADD CONSTRAINT public_asset_site_asset_id_fkey ${key}`);

export async function up(knex: Knex): Promise<void> {
  await rekeyPlaces(knex, PLACES_KEYED_ON_ASSET);
  await knex.raw(ASCII_BY_REPLACE);
  await knex.raw(HEAD + GROUPED_SITES);
  await knex.raw(LINEAR_REFRESH);
}

export async function down(knex: Knex): Promise<void> {
  await rekeyPlaces(knex, PLACES_KEYED_ON_PUBLIC_ASSET);
  await knex.raw(ASCII_BY_CHARACTER);
  await knex.raw(NESTED_REFRESH);
  await knex.raw(HEAD + CORRELATED_SITES);
}
