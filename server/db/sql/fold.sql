-- lower(unaccent(t)) with the dictionary named, which makes it safe to declare IMMUTABLE
-- (unaccent alone is STABLE: it looks the dictionary up on the search_path), so it can back
-- expression indexes: accent- and case-blind matching ("cafe" finds "Café").
CREATE OR REPLACE FUNCTION public.waymark_fold(t text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $function$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $function$;
