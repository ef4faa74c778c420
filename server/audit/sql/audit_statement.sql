-- The audit trail: one statement-level trigger per event on every audited table (attached by
-- migrations/helpers.ts auditTableByStatement), reading the transition tables. Actor from
-- waymark.actor_id; images without password hashes; no entry for an update that changed
-- nothing. Update images are paired by the primary key columns given as trigger arguments.
-- Only the images the event has are made into SQL (each is a catalogue query).
CREATE OR REPLACE FUNCTION public.waymark_audit_statement()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
    DECLARE
      actor uuid := nullif(current_setting('waymark.actor_id', true), '')::uuid;
      new_json text := CASE WHEN TG_OP <> 'DELETE' THEN waymark_row_jsonb_sql(TG_RELID, 'n', ARRAY['password_hash']) END;
      old_json text := CASE WHEN TG_OP <> 'INSERT' THEN waymark_row_jsonb_sql(TG_RELID, 'o', ARRAY['password_hash']) END;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        EXECUTE format($q$INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
          SELECT $1, 'insert', $2, waymark_audit_row_id(j), NULL, j
          FROM (SELECT %s AS j FROM new_rows n OFFSET 0) t$q$, new_json) USING actor, TG_TABLE_NAME;
      ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format($q$INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
          SELECT $1, 'delete', $2, waymark_audit_row_id(j), j, NULL
          FROM (SELECT %s AS j FROM old_rows o OFFSET 0) t$q$, old_json) USING actor, TG_TABLE_NAME;
      ELSE
        EXECUTE format($q$INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
          SELECT $1, 'update', $2, waymark_audit_row_id(a.j), b.j, a.j
          FROM (SELECT %s AS j, row_number() OVER () AS ord FROM new_rows n) a
          JOIN (SELECT %s AS j FROM old_rows o OFFSET 0) b ON waymark_row_key(b.j, $3) = waymark_row_key(a.j, $3)
          WHERE b.j IS DISTINCT FROM a.j
          ORDER BY a.ord$q$, new_json, old_json) USING actor, TG_TABLE_NAME, TG_ARGV;
      END IF;
      RETURN NULL;
    END $function$;
