-- A row's key as text (the values of `cols` in j joined by ':'): pairs the before and after
-- images of an update in waymark_audit_statement.
CREATE OR REPLACE FUNCTION public.waymark_row_key(j jsonb, cols text[])
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
      SELECT string_agg(j->>c, ':' ORDER BY o) FROM unnest(cols) WITH ORDINALITY AS u(c, o)
    $function$;
