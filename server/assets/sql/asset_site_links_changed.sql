-- asset_site statement trigger: recompute the sensitivity of the sites whose links changed.
-- A new link can only make a site sensitive, so only sites newly linked to a published
-- sensitive asset (or already sensitive) are recomputed.
CREATE OR REPLACE FUNCTION public.waymark_asset_site_links_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM waymark_refresh_site_sensitivity(ARRAY(
          SELECT DISTINCT l.site_id FROM new_links l JOIN asset a ON a.id = l.asset_id JOIN site s ON s.id = l.site_id
          WHERE (a.sensitive AND a.status = 'published') OR s.sensitive));
      ELSE
        PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT DISTINCT site_id FROM old_links));
      END IF;
      RETURN NULL;
    END $function$;
