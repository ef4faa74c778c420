import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 9562 version 5) for things the standards need an id for but
 * Waymark does not store as rows: taxonomy terms, a service at a location, a schedule
 * line. The same name always gives the same id, so ids are stable across requests,
 * exports and instances. Pure.
 */
export const WAYMARK_NAMESPACE = '5b1f0d8e-7a43-4c55-9a1e-2f6e3c0b9d71';

function nameBased(algorithm: 'sha1' | 'md5', version: number, name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash(algorithm).update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | (version << 4);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const uuidV5 = (name: string, namespace = WAYMARK_NAMESPACE) => nameBased('sha1', 5, name, namespace);
/** Version 3 (MD5): what PostgreSQL can compute itself (md5() is built in), so a lookup by it needs no table. */
export const uuidV3 = (name: string, namespace = WAYMARK_NAMESPACE) => nameBased('md5', 3, name, namespace);

/** The id of an asset offered at a site (HSDS service_at_location). See openreferral/repo.ts findPair for the SQL twin. */
export const serviceAtLocationId = (assetId: string, siteId: string) => uuidV3(`service_at_location:${assetId}:${siteId}`);
