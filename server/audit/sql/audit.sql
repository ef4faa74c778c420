-- The first, row-level audit trigger (migrations/helpers.ts auditTable). Every audited table
-- moved to waymark_audit_statement in migration 2026120110; the migrations before it still
-- attach this one, so it stays.
CREATE OR REPLACE FUNCTION public.waymark_audit()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    DECLARE
      actor uuid := nullif(current_setting('waymark.actor_id', true), '')::uuid;
      before_row jsonb;
      after_row jsonb;
      row_key text;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN before_row := to_jsonb(OLD) - 'password_hash'; END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN after_row := to_jsonb(NEW) - 'password_hash'; END IF;
      IF TG_OP = 'UPDATE' AND before_row = after_row THEN RETURN NULL; END IF;
      row_key := coalesce(
        coalesce(after_row, before_row)->>'id',
        concat_ws(':', coalesce(after_row, before_row)->>'asset_id', coalesce(after_row, before_row)->>'site_id')
      );
      INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
      VALUES (actor, lower(TG_OP), TG_TABLE_NAME, row_key, before_row, after_row);
      RETURN NULL;
    END $function$;
