-- JSON text with every non-ASCII character written as its \u escape (a surrogate pair above
-- U+FFFF): the same JSON, as an all-ASCII body Node passes on without re-encoding. Replaces
-- each distinct character in place. See docs/decisions/0003-public-read-model.md.
CREATE OR REPLACE FUNCTION public.waymark_json_ascii(t text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
    DECLARE
      c text;
      code int;
    BEGIN
      IF t IS NULL OR t !~ '[^\x01-\x7f]' THEN RETURN t; END IF;
      FOR c IN SELECT DISTINCT m[1] FROM regexp_matches(t, '([^\x01-\x7f])', 'g') AS m LOOP
        code := ascii(c);
        t := replace(t, c, CASE
          WHEN code < 65536 THEN '\u' || lpad(to_hex(code), 4, '0')
          ELSE '\u' || to_hex(55296 + ((code - 65536) >> 10)) || '\u' || to_hex(56320 + ((code - 65536) & 1023))
        END);
      END LOOP;
      RETURN t;
    END $function$;
