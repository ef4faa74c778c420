-- A site is sensitive when a PUBLISHED sensitive asset uses it: a co-located service never
-- publishes a refuge's exact place, and a pending record cannot hide a published one.
-- No sites, no statement: an UPDATE of no rows still runs site's statement triggers (its
-- audit, data version and read model ones, 3 ms per import batch whose links change nothing).
CREATE OR REPLACE FUNCTION public.waymark_refresh_site_sensitivity(site_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
    BEGIN
      IF coalesce(cardinality(site_ids), 0) = 0 THEN RETURN; END IF;
      UPDATE site s SET sensitive = v.sensitive
      FROM (
        SELECT s2.id, coalesce(bool_or(a.sensitive AND a.status = 'published'), false) AS sensitive
        FROM site s2
        LEFT JOIN asset_site l ON l.site_id = s2.id
        LEFT JOIN asset a ON a.id = l.asset_id
        WHERE s2.id = ANY (site_ids)
        GROUP BY s2.id
      ) v
      WHERE s.id = v.id AND s.sensitive IS DISTINCT FROM v.sensitive;
    END $function$;
