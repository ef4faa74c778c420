-- A page of OGC API Features assets (server/interop/ogc) from the public read model only:
-- the assets with a public point in the box (each counted once), or all, filtered, in name
-- order; the body built in SQL: in a box, from each place row's stored feature text
-- (public_asset_site.ogc_feature, no join), else from waymark_ogc_asset_feature of the record. `ord` numbers the matches before
-- OFFSET cuts the page out, so the page proper is ord ≤ _off + _lim. `more` says whether another
-- page follows (one row past the page is read); `matched` is counted only when asked for,
-- and in a box only when the page does not already say it (a first page with no row past it
-- holds every match; otherwise a second scan of the box counts them), rather than keeping
-- every matching row, feature text and all, in a materialised CTE to count it. Most boxes
-- fill less than a page, and their count is then free.
-- Each branch is a static statement on its generic plan, as waymark_public_listing's
-- (docs/decisions/0004-listing-and-tile-plans.md).
CREATE OR REPLACE FUNCTION public.waymark_ogc_assets(_pid uuid, _x0 double precision, _y0 double precision, _x1 double precision, _y1 double precision, _category text, _who_for text, _peer_led boolean, _org uuid, _from timestamp with time zone, _to timestamp with time zone, _lim integer, _off integer, _count boolean)
 RETURNS TABLE(body text, returned integer, more boolean, matched bigint)
 LANGUAGE plpgsql
 STABLE
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
    #variable_conflict use_column
    DECLARE
      _box geometry := ST_MakeEnvelope(_x0, _y0, _x1, _y1, 4326);
    BEGIN
    IF _x0 IS NOT NULL AND NOT _count THEN
      RETURN QUERY WITH matches AS (SELECT ps.asset_id, ps.name, ps.ogc_feature FROM public_asset_site ps
        WHERE ps.geom && _box AND ps.partnership_id = _pid
          AND (_category IS NULL OR ps.category = _category)
          AND (_who_for IS NULL OR ps.who_for && ARRAY[_who_for])
          AND (_peer_led IS NULL OR ps.peer_led = _peer_led)
          AND ((_org IS NULL AND _from IS NULL AND _to IS NULL) OR EXISTS (
            SELECT 1 FROM public_asset p WHERE p.asset_id = ps.asset_id
              AND (_org IS NULL OR p.organisation_id = _org)
              AND (_from IS NULL OR p.updated_at >= _from)
              AND (_to IS NULL OR p.updated_at <= _to)))
          AND (ps.sites_n = 1 OR NOT EXISTS (SELECT 1 FROM public_asset_site o
            WHERE o.asset_id = ps.asset_id AND o.geom && _box AND (o.site_created_at, o.site_id) < (ps.site_created_at, ps.site_id)))),
      page AS (SELECT m.ogc_feature, row_number() OVER (ORDER BY m.name, m.asset_id) AS ord FROM matches m
        ORDER BY m.name, m.asset_id LIMIT _lim + 1 OFFSET _off)
      SELECT coalesce('[' || string_agg(page.ogc_feature, ',' ORDER BY page.ord) FILTER (WHERE page.ord <= _off + _lim) || ']', '[]'),
             (count(*) FILTER (WHERE page.ord <= _off + _lim))::int,
             count(*) > _lim,
             NULL::bigint
      FROM page;
      RETURN;
    END IF;
    IF _x0 IS NOT NULL AND _count THEN
      RETURN QUERY WITH matches AS NOT MATERIALIZED (SELECT ps.asset_id, ps.name, ps.ogc_feature FROM public_asset_site ps
        WHERE ps.geom && _box AND ps.partnership_id = _pid
          AND (_category IS NULL OR ps.category = _category)
          AND (_who_for IS NULL OR ps.who_for && ARRAY[_who_for])
          AND (_peer_led IS NULL OR ps.peer_led = _peer_led)
          AND ((_org IS NULL AND _from IS NULL AND _to IS NULL) OR EXISTS (
            SELECT 1 FROM public_asset p WHERE p.asset_id = ps.asset_id
              AND (_org IS NULL OR p.organisation_id = _org)
              AND (_from IS NULL OR p.updated_at >= _from)
              AND (_to IS NULL OR p.updated_at <= _to)))
          AND (ps.sites_n = 1 OR NOT EXISTS (SELECT 1 FROM public_asset_site o
            WHERE o.asset_id = ps.asset_id AND o.geom && _box AND (o.site_created_at, o.site_id) < (ps.site_created_at, ps.site_id)))),
      page AS (SELECT m.ogc_feature, row_number() OVER (ORDER BY m.name, m.asset_id) AS ord FROM matches m
        ORDER BY m.name, m.asset_id LIMIT _lim + 1 OFFSET _off)
      SELECT coalesce('[' || string_agg(page.ogc_feature, ',' ORDER BY page.ord) FILTER (WHERE page.ord <= _off + _lim) || ']', '[]'),
             (count(*) FILTER (WHERE page.ord <= _off + _lim))::int,
             count(*) > _lim,
             CASE WHEN _off = 0 AND count(*) <= _lim THEN count(*) ELSE (SELECT count(*) FROM matches) END
      FROM page;
      RETURN;
    END IF;
    IF _x0 IS NULL AND NOT _count THEN
      RETURN QUERY WITH matches AS (SELECT p.asset_id, p.name FROM public_asset p
        WHERE p.partnership_id = _pid
          AND (_category IS NULL OR p.category = _category)
          AND (_who_for IS NULL OR p.who_for && ARRAY[_who_for])
          AND (_peer_led IS NULL OR p.peer_led = _peer_led)
          AND (_org IS NULL OR p.organisation_id = _org)
          AND (_from IS NULL OR p.updated_at >= _from)
          AND (_to IS NULL OR p.updated_at <= _to)),
      page AS (SELECT m.asset_id, row_number() OVER (ORDER BY m.name, m.asset_id) AS ord FROM matches m
        ORDER BY m.name, m.asset_id LIMIT _lim + 1 OFFSET _off)
      SELECT coalesce('[' || string_agg(waymark_ogc_asset_feature(p.doc), ',' ORDER BY page.ord) FILTER (WHERE page.ord <= _off + _lim) || ']', '[]'),
             (count(*) FILTER (WHERE page.ord <= _off + _lim))::int,
             count(*) > _lim,
             NULL::bigint
      FROM page JOIN public_asset p ON p.asset_id = page.asset_id;
      RETURN;
    END IF;
    IF _x0 IS NULL AND _count THEN
      RETURN QUERY WITH matches AS MATERIALIZED (SELECT p.asset_id, p.name FROM public_asset p
        WHERE p.partnership_id = _pid
          AND (_category IS NULL OR p.category = _category)
          AND (_who_for IS NULL OR p.who_for && ARRAY[_who_for])
          AND (_peer_led IS NULL OR p.peer_led = _peer_led)
          AND (_org IS NULL OR p.organisation_id = _org)
          AND (_from IS NULL OR p.updated_at >= _from)
          AND (_to IS NULL OR p.updated_at <= _to)),
      page AS (SELECT m.asset_id, row_number() OVER (ORDER BY m.name, m.asset_id) AS ord FROM matches m
        ORDER BY m.name, m.asset_id LIMIT _lim + 1 OFFSET _off)
      SELECT coalesce('[' || string_agg(waymark_ogc_asset_feature(p.doc), ',' ORDER BY page.ord) FILTER (WHERE page.ord <= _off + _lim) || ']', '[]'),
             (count(*) FILTER (WHERE page.ord <= _off + _lim))::int,
             count(*) > _lim,
             (SELECT count(*) FROM matches)
      FROM page JOIN public_asset p ON p.asset_id = page.asset_id;
      RETURN;
    END IF;
      RAISE EXCEPTION 'waymark_ogc_assets: no branch for count %', _count;
    END $function$;
