/**
 * int8 (counts, bigserial) and numeric come back as strings from node-postgres and PGlite;
 * the API wants numbers, and the two engines must agree. Set on pg's type registry for a
 * server, and on the PGlite instance (inside its thread) for the embedded engine.
 */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
export const toNumber = (v: string) => (v === null ? null : Number(v));
