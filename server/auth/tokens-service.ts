import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { writeTransaction } from '../audit/transaction';
import { httpError, notFound } from '../http/errors';
import * as repo from './tokens-repo';
import type { Viewer } from './viewer';

/**
 * Personal read-only access tokens: what QGIS or GDAL send (header or query key) where a
 * browser would send the session cookie. A token acts as its owner's role for reads only
 * (the session middleware refuses every other method), is shown once, and is revoked by
 * its owner. Creating and revoking go through writeTransaction, so both are audited.
 */
export const TOKEN_PREFIX = 'wmk_';
/** The query key GIS clients may send the token as (RFC 6750 §2.3's name). */
export const TOKEN_QUERY_KEY = 'access_token';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type NewAccessToken = repo.AccessTokenRow & { token: string };

export async function createToken(knex: Knex, userId: string, input: { name: string; expiresInDays?: number }): Promise<NewAccessToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await writeTransaction(knex, userId, (trx) => repo.insertToken(trx, { userId, name: input.name, tokenHash: sha256(token), expiresAt }));
  return { ...row, token };
}

export const listTokens = (knex: Knex, userId: string) => repo.listTokens(knex, userId);

export async function revokeToken(knex: Knex, userId: string, id: string): Promise<repo.AccessTokenRow> {
  const row = await writeTransaction(knex, userId, (trx) => repo.revokeToken(trx, userId, id));
  if (!row) throw notFound('Access token');
  return row;
}

export const invalidToken = () =>
  httpError('invalid_token', 'The access token is unknown, revoked or expired.', [{ field: TOKEN_QUERY_KEY, message: 'not a live access token' }]);
export const readOnlyToken = () =>
  httpError('token_read_only', 'An access token may only read (GET); sign in to make changes.', [{ field: TOKEN_QUERY_KEY, message: 'read-only' }]);

/** The viewer a token stands for (no session, so no CSRF token), or a 401. */
export async function viewerFromAccessToken(knex: Knex, token: string): Promise<Viewer> {
  const owner = token.startsWith(TOKEN_PREFIX) ? await repo.findLiveToken(knex, sha256(token)) : undefined;
  if (!owner) throw invalidToken();
  return { user: { id: owner.userId, email: owner.email, displayName: owner.displayName, role: owner.role }, sessionId: null, csrfToken: null };
}
