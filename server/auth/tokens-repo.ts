import type { Knex } from 'knex';
import type { Role } from '../domain/vocabulary';

/** Personal read-only access tokens (migration 2026120740): only each token's SHA-256 is stored. */
export type AccessTokenRow = { id: string; name: string; scope: 'read'; createdAt: Date; expiresAt: Date | null; revokedAt: Date | null };
export type TokenOwner = { tokenId: string; userId: string; email: string; displayName: string; role: Role };

const COLUMNS = ['id', 'name', 'scope', 'created_at as createdAt', 'expires_at as expiresAt', 'revoked_at as revokedAt'];

export async function insertToken(knex: Knex, t: { userId: string; name: string; tokenHash: string; expiresAt: Date | null }): Promise<AccessTokenRow> {
  const [row] = await knex('access_token')
    .insert({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, expires_at: t.expiresAt })
    .returning(COLUMNS);
  return row;
}

export const listTokens = (knex: Knex, userId: string): Promise<AccessTokenRow[]> =>
  knex('access_token').select(COLUMNS).where({ user_id: userId }).orderBy('created_at', 'desc').orderBy('id');

/** Revoke one of the user's own live tokens; undefined when there is none such. */
export async function revokeToken(knex: Knex, userId: string, id: string): Promise<AccessTokenRow | undefined> {
  const [row] = await knex('access_token').update({ revoked_at: knex.fn.now() })
    .where({ id, user_id: userId }).whereNull('revoked_at').returning(COLUMNS);
  return row;
}

/** The active owner of a live (unrevoked, unexpired) token, or nothing. */
export const findLiveToken = (knex: Knex, tokenHash: string): Promise<TokenOwner | undefined> =>
  knex('access_token as t')
    .join('app_user as u', 'u.id', 't.user_id')
    .select('t.id as tokenId', 'u.id as userId', 'u.email', 'u.display_name as displayName', 'u.role')
    .where('t.token_hash', tokenHash)
    .whereNull('t.revoked_at')
    .andWhere((w) => w.whereNull('t.expires_at').orWhere('t.expires_at', '>', knex.fn.now()))
    .andWhere('u.active', true)
    .first();
