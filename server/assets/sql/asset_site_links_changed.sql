-- asset_site statement trigger: recompute the sensitivity of the sites whose links changed.
-- A new link can only make a site sensitive, so only sites newly linked to a published
-- sensitive asset (or already sensitive) are recomputed. Each link's asset and site are
-- looked up by key (a correlated subquery per link, as a join with the same filter would
-- give): a join was planned as hash joins over all of asset and site, once per statement,
-- so a bulk import's later batches each read every row the earlier ones wrote.
CREATE OR REPLACE FUNCTION public.waymark_asset_site_links_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM waymark_refresh_site_sensitivity(ARRAY(
          SELECT DISTINCT l.site_id FROM new_links l
          WHERE (SELECT a.sensitive AND a.status = 'published' FROM asset a WHERE a.id = l.asset_id)
             OR (SELECT s.sensitive FROM site s WHERE s.id = l.site_id)));
      ELSE
        PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT DISTINCT site_id FROM old_links));
      END IF;
      RETURN NULL;
    END $function$;
