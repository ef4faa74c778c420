import type { Response } from 'express';

/**
 * Send a body already serialised (JSON built in SQL, or a vector tile) with an ETag from
 * the data version it was read at, so express neither re-serialises nor hashes it; a
 * matching If-None-Match gets 304 (express checks freshness against the header set here).
 */
export function sendVersioned(res: Response, etag: string, type: string, body: string | Buffer, cacheControl = 'no-cache'): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  res.type(type).send(body);
}
