-- site BEFORE INSERT/UPDATE: the masked point, on every write path. For a sensitive site,
-- geom_grid is the centre of the smallest of 1 km cell, 2 km cell, outward code area that
-- holds at least k live postcodes of its outward code (k = partnership.mask_min_postcodes),
-- geom_mask_area that area; geom_public is geom_grid when sensitive, else geom. With no
-- postcodes loaded the 1 km cell is kept. See docs/privacy.md.
CREATE OR REPLACE FUNCTION public.waymark_site_geometries()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    DECLARE
      p geometry := ST_Transform(NEW.geom, 27700);
      k integer;
      outward text := nullif(split_part(upper(btrim(coalesce(NEW.postcode, ''))), ' ', 1), '');
    BEGIN
      NEW.geom_grid := ST_Transform(ST_SnapToGrid(p, 500, 500, 1000, 1000), 4326);
      NEW.location_precision := 'grid_1km';
      NEW.geom_mask_area := NULL;
      IF NEW.sensitive THEN
        NEW.geom_mask_area := waymark_cell_area(p, 1000);
        IF EXISTS (SELECT 1 FROM postcode WHERE terminated_on IS NULL) THEN
          SELECT mask_min_postcodes INTO k FROM partnership WHERE id = NEW.partnership_id;
          k := coalesce(k, 20);
          IF waymark_live_postcodes_in_cell(p, 1000, outward) >= k THEN
            NULL; -- the 1 km cell already hides it among k postcodes
          ELSIF waymark_live_postcodes_in_cell(p, 2000, outward) >= k THEN
            NEW.geom_grid := ST_Transform(ST_SnapToGrid(p, 1000, 1000, 2000, 2000), 4326);
            NEW.geom_mask_area := waymark_cell_area(p, 2000);
            NEW.location_precision := 'grid_2km';
          ELSE
            -- A postcode the table does not know (or none): the outward code of the nearest live postcode.
            IF outward IS NULL OR NOT EXISTS (SELECT 1 FROM postcode WHERE terminated_on IS NULL AND split_part(postcode, ' ', 1) = outward) THEN
              SELECT split_part(pc.postcode, ' ', 1) INTO outward FROM postcode pc
              WHERE pc.terminated_on IS NULL ORDER BY pc.geom <-> NEW.geom, pc.postcode LIMIT 1;
            END IF;
            SELECT ST_Centroid(ST_Collect(pc.geom)), ST_ConvexHull(ST_Collect(pc.geom)) INTO NEW.geom_grid, NEW.geom_mask_area
            FROM postcode pc WHERE pc.terminated_on IS NULL AND split_part(pc.postcode, ' ', 1) = outward;
            NEW.location_precision := 'outward_code';
          END IF;
        END IF;
      END IF;
      NEW.geom_public := CASE WHEN NEW.sensitive THEN NEW.geom_grid ELSE NEW.geom END;
      RETURN NEW;
    END $function$;
