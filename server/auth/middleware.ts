import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { httpError } from '../http/errors';
import { viewerFromToken } from './service';

export const SESSION_COOKIE = 'waymark_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
