import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 9562 version 5) for things the standards need an id for but
 * Waymark does not store as rows: taxonomy terms, a service at a location, a schedule
 * line. The same name always gives the same id, so ids are stable across requests,
 * exports and instances. Pure.
 */
export const WAYMARK_NAMESPACE = '5b1f0d8e-7a43-4c55-9a1e-2f6e3c0b9d71';

export function uuidV5(name: string, namespace = WAYMARK_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of an asset offered at a site (HSDS service_at_location, OGC feature ids). */
export const serviceAtLocationId = (assetId: string, siteId: string) => uuidV5(`service_at_location:${assetId}:${siteId}`);
