/**
 * The routines a database holds, as their files should hold them: every function and view
 * of schema public that no extension owns (PostGIS, pg_trgm and unaccent put theirs there
 * too), with pg_get_functiondef's (or a CREATE OR REPLACE VIEW around pg_get_viewdef's) text.
 */
export const ROUTINE_DEFINITIONS_SQL = `
  SELECT p.proname AS name, p.oid::regprocedure::text AS signature, pg_get_functiondef(p.oid) AS definition
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
  SELECT c.relname, c.relname, format(E'CREATE OR REPLACE VIEW public.%I AS\\n%s', c.relname, pg_get_viewdef(c.oid))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'v'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 1, 2`;
