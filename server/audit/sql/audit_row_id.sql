-- audit_log.row_id as the row-level trigger wrote it: the id, else "asset_id:site_id" (else '').
-- concat_ws(':', asset_id, site_id) spelt out with immutable operators (concat_ws is STABLE),
-- so the planner inlines this IMMUTABLE function into every audit statement.
CREATE OR REPLACE FUNCTION public.waymark_audit_row_id(j jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
      SELECT coalesce(j->>'id', (j->>'asset_id') || ':' || (j->>'site_id'), j->>'asset_id', j->>'site_id', '')
    $function$;
