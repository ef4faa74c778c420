-- Bring the read model's rows for `ids` in line with the full tables: the assets whose rows
-- differ are found by set operations that read each side once, then deleted and rebuilt by
-- key; linear whatever the planner's statistics (docs/decisions/0003-public-read-model.md).
-- Records first: the place rows are built from them. When none of `ids` has rows yet (new
-- records, as an import writes them) every row they should have is new: inserted as built,
-- without the comparison, which built each row twice.
CREATE OR REPLACE FUNCTION public.waymark_refresh_public_assets(ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
    DECLARE
      changed uuid[];
    BEGIN
      IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
      IF NOT EXISTS (SELECT 1 FROM public_asset t WHERE t.asset_id = ANY (ids)) THEN
        INSERT INTO public_asset SELECT * FROM waymark_public_asset_rows(ids);
      ELSE
        changed := ARRAY(
          WITH cur AS (SELECT t.asset_id, t::text AS r FROM public_asset t WHERE t.asset_id = ANY (ids)),
               fresh AS MATERIALIZED (SELECT f.asset_id, f::text AS r FROM waymark_public_asset_rows(ids) f)
          SELECT d.asset_id FROM (SELECT * FROM cur EXCEPT SELECT * FROM fresh) d
          UNION SELECT n.asset_id FROM (SELECT * FROM fresh EXCEPT SELECT * FROM cur) n);
        IF cardinality(changed) > 0 THEN
          DELETE FROM public_asset WHERE asset_id = ANY (changed);
          INSERT INTO public_asset SELECT * FROM waymark_public_asset_rows(changed);
        END IF;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM public_asset_site t WHERE t.asset_id = ANY (ids)) THEN
        INSERT INTO public_asset_site SELECT * FROM waymark_public_asset_site_rows(ids);
      ELSE
        changed := ARRAY(
          WITH cur AS (SELECT t.asset_id, t.site_id, t::text AS r FROM public_asset_site t WHERE t.asset_id = ANY (ids)),
               fresh AS MATERIALIZED (SELECT f.asset_id, f.site_id, f::text AS r FROM waymark_public_asset_site_rows(ids) f)
          SELECT d.asset_id FROM (SELECT * FROM cur EXCEPT SELECT * FROM fresh) d
          UNION SELECT n.asset_id FROM (SELECT * FROM fresh EXCEPT SELECT * FROM cur) n);
        IF cardinality(changed) > 0 THEN
          DELETE FROM public_asset_site WHERE asset_id = ANY (changed);
          INSERT INTO public_asset_site SELECT * FROM waymark_public_asset_site_rows(changed);
        END IF;
      END IF;
    END $function$;
