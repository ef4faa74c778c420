import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { httpError } from '../http/errors';
import { viewerFromToken } from './service';
import { readOnlyToken, TOKEN_QUERY_KEY, viewerFromAccessToken } from './tokens-service';

export const SESSION_COOKIE = 'waymark_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READS = new Set(['GET', 'HEAD']);

/**
 * A personal access token (server/auth/tokens-service.ts) sent as `Authorization: Bearer …`
 * or as the `access_token` query key. The key is taken out of req.url, so strict query
 * schemas never see it (req.originalUrl, which paging links copy, keeps it).
 */
function takeAccessToken(req: Parameters<RequestHandler>[0]): string | undefined {
  const auth = req.get('authorization');
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const q = req.url.indexOf('?');
  if (q < 0 || !req.url.includes(`${TOKEN_QUERY_KEY}=`, q)) return undefined;
  const params = new URLSearchParams(req.url.slice(q + 1));
  const token = params.get(TOKEN_QUERY_KEY);
  if (token === null) return undefined;
  params.delete(TOKEN_QUERY_KEY);
  const rest = params.toString();
  req.url = req.url.slice(0, q) + (rest ? `?${rest}` : '');
  return token;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A cookie we cannot decode is no session (never a 500).
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Compares bytes, not UTF-16 units: 16 "é" are 16 characters but 32 bytes, and timingSafeEqual throws on unequal lengths. */
function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Resolves the viewer from the session cookie and, for cookie-authenticated writes,
 * demands the session's CSRF token in X-CSRF-Token (synchroniser-token pattern: the token
 * lives in the session row, so it works across app instances). SameSite=Lax already stops
 * most cross-site posts; the token covers the rest.
 */
export function sessionMiddleware(knex: Knex): RequestHandler {
  return async (req, res, next) => {
    try {
      const accessToken = takeAccessToken(req);
      if (accessToken !== undefined) {
        // A token reads and nothing else: no CSRF check is needed because no write is let through.
        if (!READS.has(req.method)) throw readOnlyToken();
        res.locals.viewer = await viewerFromAccessToken(knex, accessToken);
        return next();
      }
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      const viewer = await viewerFromToken(knex, token);
      res.locals.viewer = viewer;
      if (UNSAFE.has(req.method) && viewer.csrfToken) {
        const sent = req.get(CSRF_HEADER);
        if (!sent || !sameToken(sent, viewer.csrfToken)) {
          throw httpError('csrf_failed', 'Missing or wrong X-CSRF-Token header; reload the page and try again.', [
            { field: 'X-CSRF-Token', message: 'missing or does not match the session' },
          ]);
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
