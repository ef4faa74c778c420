-- One OGC API Features asset feature as GeoJSON text, from the read model's record
-- (public_asset.doc: the record as a viewer who may not see exact places is shown it), so
-- its points are the PUBLIC ones. The same properties as server/interop/ogc/features.ts
-- assetFeature: no place → null geometry, one → Point, more → MultiPoint.
CREATE OR REPLACE FUNCTION public.waymark_ogc_asset_feature(doc jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
      SELECT json_build_object(
        'type', 'Feature',
        'id', doc->'id',
        'geometry', CASE jsonb_array_length(doc->'sites')
          WHEN 0 THEN NULL
          WHEN 1 THEN json_build_object('type', 'Point', 'coordinates', json_build_array(doc->'sites'->0->'lng', doc->'sites'->0->'lat'))
          ELSE json_build_object('type', 'MultiPoint', 'coordinates',
            (SELECT json_agg(json_build_array(s->'lng', s->'lat') ORDER BY i) FROM jsonb_array_elements(doc->'sites') WITH ORDINALITY AS t(s, i)))
        END,
        'properties', json_build_object(
          'name', doc->'name',
          'category', doc->'category',
          'description', doc->'description',
          'organisationId', doc->'organisation'->'id',
          'organisationName', doc->'organisation'->'name',
          'peerLed', doc->'peerLed',
          'whoFor', doc->'whoFor',
          'schedule', (SELECT string_agg((ARRAY['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])[(e->>'day')::int + 1] || ' ' || (e->>'start')
                                || CASE WHEN coalesce(e->>'end', '') <> '' THEN '-' || (e->>'end') ELSE '' END, '; ' ORDER BY i)
                       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(doc->'schedule') = 'array' THEN doc->'schedule' ELSE '[]'::jsonb END) WITH ORDINALITY AS t(e, i)),
          'phone', doc->'phone',
          'email', doc->'email',
          'website', doc->'website',
          'siteIds', (SELECT coalesce(string_agg(s->>'id', ',' ORDER BY i), '') FROM jsonb_array_elements(doc->'sites') WITH ORDINALITY AS t(s, i)),
          -- An asset at several places reports the coarsest masking any of them has.
          'locationPrecision', (SELECT coalesce(o.levels[max(array_position(o.levels, s->>'locationPrecision'))], 'exact')
                                FROM (SELECT ARRAY['exact', 'grid_1km', 'grid_2km', 'outward_code'] AS levels) o
                                LEFT JOIN jsonb_array_elements(doc->'sites') s ON true GROUP BY o.levels),
          'lastVerifiedAt', doc->'lastVerifiedAt',
          'updatedAt', doc->'updatedAt'))::text
    $function$;
