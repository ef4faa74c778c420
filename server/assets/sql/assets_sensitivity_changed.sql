-- asset UPDATE statement trigger: recompute the sensitivity of the sites of assets whose
-- sensitivity or status changed (transition tables allow no column list, so the filter is here).
CREATE OR REPLACE FUNCTION public.waymark_assets_sensitivity_changed()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    BEGIN
      PERFORM waymark_refresh_site_sensitivity(ARRAY(
        SELECT DISTINCT l.site_id
        FROM new_assets n JOIN old_assets o ON o.id = n.id JOIN asset_site l ON l.asset_id = n.id
        WHERE o.sensitive IS DISTINCT FROM n.sensitive OR o.status IS DISTINCT FROM n.status));
      RETURN NULL;
    END $function$;
