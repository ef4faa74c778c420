-- What public_asset should hold for `ids`, from the full tables: each published asset's
-- filter columns and `doc`, its record as server/assets/view.ts shows it to a viewer who may
-- not see exact places. Sites aggregated in one grouped pass, joined once
-- (docs/decisions/0003-public-read-model.md).
CREATE OR REPLACE FUNCTION public.waymark_public_asset_rows(ids uuid[])
 RETURNS SETOF public_asset
 LANGUAGE sql
 STABLE
AS $function$
      SELECT a.id, a.partnership_id, a.name, a.description, a.category, a.tags, a.who_for, a.peer_led, a.sensitive,
             CASE WHEN o.status = 'published' THEN a.organisation_id END, a.updated_at, coalesce(a.last_verified_at, a.created_at),
             jsonb_build_object(
               'id', a.id, 'version', a.version, 'name', a.name, 'description', a.description, 'category', a.category,
               'tags', to_jsonb(a.tags), 'sensitive', a.sensitive, 'phone', a.phone, 'email', a.email, 'website', a.website,
               'schedule', a.schedule, 'scheduleNotes', a.schedule_notes, 'whoFor', to_jsonb(a.who_for),
               'selfReferral', a.self_referral, 'professionalReferral', a.professional_referral,
               'wheelchairAccess', a.wheelchair_access, 'cost', a.cost, 'costNotes', a.cost_notes, 'peerLed', a.peer_led,
               'commissioning', a.commissioning, 'participationLevel', a.participation_level, 'status', a.status,
               'statusReason', a.status_reason, 'learnedFrom', a.learned_from, 'mergedInto', a.merged_into,
               'createdBy', NULL, 'lastVerifiedBy', NULL,
               'createdAt', waymark_iso_time(a.created_at), 'updatedAt', waymark_iso_time(a.updated_at),
               'publishedAt', waymark_iso_time(a.published_at), 'lastVerifiedAt', waymark_iso_time(a.last_verified_at),
               'organisation', CASE WHEN a.organisation_id IS NULL OR o.status IS DISTINCT FROM 'published' THEN NULL
                                    ELSE jsonb_build_object('id', a.organisation_id, 'name', coalesce(o.name, '')) END,
               'sites', coalesce(g.sites, '[]'::jsonb))
      FROM asset a LEFT JOIN organisation o ON o.id = a.organisation_id
      LEFT JOIN (SELECT x.asset_id, jsonb_agg(jsonb_build_object(
                   'id', s.id,
                   'venueName', CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END,
                   'address', CASE WHEN s.sensitive THEN NULL ELSE s.address END,
                   'postcode', CASE WHEN s.sensitive THEN nullif((regexp_split_to_array(btrim(s.postcode), '\s+'))[1], '') ELSE s.postcode END,
                   'lat', ST_Y(s.geom_public), 'lng', ST_X(s.geom_public),
                   'locationPrecision', CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END
                 ) ORDER BY s.created_at, s.id) AS sites
                 FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ANY (ids) GROUP BY x.asset_id) g ON g.asset_id = a.id
      WHERE a.id = ANY (ids) AND a.status = 'published'
    $function$;
