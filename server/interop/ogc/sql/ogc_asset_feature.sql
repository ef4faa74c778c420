-- One OGC API Features asset feature as GeoJSON text, from the read model's record
-- (public_asset.doc: the record as a viewer who may not see exact places is shown it), so
-- its points are the PUBLIC ones. The same properties as server/interop/ogc/features.ts
-- assetFeature: no place → null geometry, one → Point, more → MultiPoint. Joined as text
-- from each value's own JSON text (jsonb -> gives it escaped). PL/pgSQL, not SQL: a SQL
-- function with sub-selects is not inlined and costs ~80 µs a call; here the usual record
-- is one simple expression, and the sub-selects (several places, a schedule) run only for
-- the records that have them.
CREATE OR REPLACE FUNCTION public.waymark_ogc_asset_feature(doc jsonb)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
    DECLARE
      d jsonb := doc;
    BEGIN
      -- The usual record (at most one place, no schedule): one simple expression, no sub-select.
      IF jsonb_array_length(d->'sites') <= 1 AND coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(d->'schedule') = 'array' THEN d->'schedule' END), 0) = 0 THEN
        RETURN '{"type":"Feature","id":' || (d->'id')::text
          || ',"geometry":' || CASE jsonb_array_length(d->'sites')
               WHEN 0 THEN 'null'
               WHEN 1 THEN '{"type":"Point","coordinates":[' || (d->'sites'->0->'lng')::text || ',' || (d->'sites'->0->'lat')::text || ']}'
             END
          || ',"properties":{"name":' || coalesce((d->'name')::text, 'null')
          || ',"category":' || coalesce((d->'category')::text, 'null')
          || ',"description":' || coalesce((d->'description')::text, 'null')
          || ',"organisationId":' || coalesce((d->'organisation'->'id')::text, 'null')
          || ',"organisationName":' || coalesce((d->'organisation'->'name')::text, 'null')
          || ',"peerLed":' || coalesce((d->'peerLed')::text, 'null')
          || ',"whoFor":' || coalesce((d->'whoFor')::text, 'null')
          || ',"schedule":null'
          || ',"phone":' || coalesce((d->'phone')::text, 'null')
          || ',"email":' || coalesce((d->'email')::text, 'null')
          || ',"website":' || coalesce((d->'website')::text, 'null')
          || ',"siteIds":' || CASE jsonb_array_length(d->'sites')
               WHEN 0 THEN '""'
               WHEN 1 THEN to_json(d->'sites'->0->>'id')::text
             END
          -- An asset at several places reports the coarsest masking any of them has.
          || ',"locationPrecision":' || to_json(CASE jsonb_array_length(d->'sites')
               WHEN 0 THEN 'exact'
               WHEN 1 THEN CASE WHEN d->'sites'->0->>'locationPrecision' IN ('grid_1km', 'grid_2km', 'outward_code') THEN d->'sites'->0->>'locationPrecision' ELSE 'exact' END
             END)::text
          || ',"lastVerifiedAt":' || coalesce((d->'lastVerifiedAt')::text, 'null')
          || ',"updatedAt":' || coalesce((d->'updatedAt')::text, 'null')
          || '}}';
      END IF;
      RETURN '{"type":"Feature","id":' || (d->'id')::text
        || ',"geometry":' || CASE jsonb_array_length(d->'sites')
             WHEN 0 THEN 'null'
             WHEN 1 THEN '{"type":"Point","coordinates":[' || (d->'sites'->0->'lng')::text || ',' || (d->'sites'->0->'lat')::text || ']}'
             ELSE '{"type":"MultiPoint","coordinates":[' || (SELECT string_agg('[' || (s->'lng')::text || ',' || (s->'lat')::text || ']', ',' ORDER BY i)
                                                              FROM jsonb_array_elements(d->'sites') WITH ORDINALITY AS t(s, i)) || ']}'
           END
        || ',"properties":{"name":' || coalesce((d->'name')::text, 'null')
        || ',"category":' || coalesce((d->'category')::text, 'null')
        || ',"description":' || coalesce((d->'description')::text, 'null')
        || ',"organisationId":' || coalesce((d->'organisation'->'id')::text, 'null')
        || ',"organisationName":' || coalesce((d->'organisation'->'name')::text, 'null')
        || ',"peerLed":' || coalesce((d->'peerLed')::text, 'null')
        || ',"whoFor":' || coalesce((d->'whoFor')::text, 'null')
        || ',"schedule":' || CASE WHEN jsonb_typeof(d->'schedule') = 'array' AND jsonb_array_length(d->'schedule') > 0
             THEN to_json((SELECT string_agg((ARRAY['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])[(e->>'day')::int + 1] || ' ' || (e->>'start')
                                     || CASE WHEN coalesce(e->>'end', '') <> '' THEN '-' || (e->>'end') ELSE '' END, '; ' ORDER BY i)
                           FROM jsonb_array_elements(d->'schedule') WITH ORDINALITY AS t(e, i)))::text
             ELSE 'null' END
        || ',"phone":' || coalesce((d->'phone')::text, 'null')
        || ',"email":' || coalesce((d->'email')::text, 'null')
        || ',"website":' || coalesce((d->'website')::text, 'null')
        || ',"siteIds":' || CASE jsonb_array_length(d->'sites')
             WHEN 0 THEN '""'
             WHEN 1 THEN to_json(d->'sites'->0->>'id')::text
             ELSE to_json((SELECT string_agg(s->>'id', ',' ORDER BY i) FROM jsonb_array_elements(d->'sites') WITH ORDINALITY AS t(s, i)))::text
           END
        -- An asset at several places reports the coarsest masking any of them has.
        || ',"locationPrecision":' || to_json(CASE jsonb_array_length(d->'sites')
             WHEN 0 THEN 'exact'
             WHEN 1 THEN CASE WHEN d->'sites'->0->>'locationPrecision' IN ('grid_1km', 'grid_2km', 'outward_code') THEN d->'sites'->0->>'locationPrecision' ELSE 'exact' END
             ELSE (SELECT coalesce((ARRAY['exact', 'grid_1km', 'grid_2km', 'outward_code'])[max(array_position(ARRAY['exact', 'grid_1km', 'grid_2km', 'outward_code'], s->>'locationPrecision'))], 'exact')
                   FROM jsonb_array_elements(d->'sites') AS t(s))
           END)::text
        || ',"lastVerifiedAt":' || coalesce((d->'lastVerifiedAt')::text, 'null')
        || ',"updatedAt":' || coalesce((d->'updatedAt')::text, 'null')
        || '}}';
    END $function$;
