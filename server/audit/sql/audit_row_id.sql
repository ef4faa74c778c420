-- audit_log.row_id as the row-level trigger wrote it: the id, else "asset_id:site_id" (else '').
CREATE OR REPLACE FUNCTION public.waymark_audit_row_id(j jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
      SELECT coalesce(j->>'id', concat_ws(':', j->>'asset_id', j->>'site_id'))
    $function$;
