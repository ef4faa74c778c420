-- Read model, AFTER UPDATE ON organisation per statement: its name is shown once published.
CREATE OR REPLACE FUNCTION public.waymark_public_organisation_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT t.id FROM (SELECT a.id FROM changed c JOIN asset a ON a.organisation_id = c.id) AS t(id)));
        RETURN NULL;
      END $function$;
