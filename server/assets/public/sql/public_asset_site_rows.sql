-- What public_asset_site should hold for `ids`: one row per (published asset, site) with the
-- PUBLIC point only (site.geom_public), the filters, and the listing's stored all-ASCII text
-- (item_head: the record without its closing brace; feature_tail: the GeoJSON feature after
-- its opening brace), and /ogc's feature of the asset (ogc_feature, server/interop/ogc/sql/
-- ogc_asset_feature.sql: from the public record, so the public points). Reads public_asset,
-- which the refresh brings up to date first.
CREATE OR REPLACE FUNCTION public.waymark_public_asset_site_rows(ids uuid[])
 RETURNS SETOF public_asset_site
 LANGUAGE sql
 STABLE
AS $function$
      SELECT r.asset_id, r.site_id, r.partnership_id, r.geom, r.site_created_at, r.sites_n, r.name, r.category, r.who_for,
             r.peer_led, r.sensitive, r.location_precision, r.organisation_name, r.venue_name,
             p.verified_at, waymark_json_ascii(left(p.doc::text, -1)),
             waymark_json_ascii(substr(json_build_object(
               'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(r.geom), ST_Y(r.geom))),
               'properties', json_build_object(
                 'assetId', r.asset_id, 'siteId', r.site_id, 'name', r.name, 'category', r.category, 'status', 'published',
                 'sensitive', r.sensitive, 'locationPrecision', r.location_precision, 'peerLed', r.peer_led,
                 'whoFor', to_json(r.who_for), 'organisationName', r.organisation_name, 'venueName', r.venue_name))::text, 2)),
             waymark_ogc_asset_feature(p.doc)
      FROM (
        SELECT a.id AS asset_id, s.id AS site_id, a.partnership_id, s.geom_public AS geom, s.created_at AS site_created_at,
               (count(*) OVER (PARTITION BY a.id))::integer AS sites_n, a.name, a.category, a.who_for, a.peer_led, a.sensitive,
               CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END AS location_precision,
               CASE WHEN a.organisation_id IS NULL OR o.status IS DISTINCT FROM 'published' THEN NULL ELSE coalesce(o.name, '') END AS organisation_name,
               CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END AS venue_name
        FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id
        LEFT JOIN organisation o ON o.id = a.organisation_id
        WHERE a.id = ANY (ids) AND a.status = 'published'
      ) r JOIN public_asset p ON p.asset_id = r.asset_id
    $function$;
