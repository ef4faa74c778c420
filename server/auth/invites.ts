import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../domain/vocabulary';
import { writeTransaction } from '../audit/transaction';
import { httpError, conflict, notFound } from '../http/errors';
import { hashPassword } from './password';
import * as repo from './repo';
import * as inviteRepo from './invite-repo';
import { listUsers, normaliseEmail, type PublicUser } from './service';

/**
 * Accounts without a terminal (issue 20): an admin invites someone or resets a password and
 * is shown a one-time set-password link to hand over (no mail server is assumed). The
 * token travels in the link's fragment (#token=…), so it is never in a server log or a
 * Referer; only its SHA-256 is stored.
 */
export const LINK_LIFETIME_HOURS = { invite: 7 * 24, reset: 24 } as const;
export const SET_PASSWORD_PAGE = '/set-password.html';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type SetPasswordLink = { path: string; purpose: inviteRepo.InvitePurpose; expiresAt: Date };

async function issueLink(trx: Knex.Transaction, userId: string, purpose: inviteRepo.InvitePurpose, createdBy: string | null): Promise<SetPasswordLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_HOURS[purpose] * 3600_000);
  await inviteRepo.replaceInvite(trx, { userId, tokenHash: sha256(token), purpose, createdBy, expiresAt });
  return { path: `${SET_PASSWORD_PAGE}#token=${token}`, purpose, expiresAt };
}

/** A new account whose password nobody knows until the link is used. */
export async function inviteUser(
  knex: Knex,
  actorId: string | null,
  input: { email: string; displayName: string; role: Role },
): Promise<{ user: PublicUser; link: SetPasswordLink }> {
  const email = normaliseEmail(input.email);
  // A real scrypt hash of random bytes: signing in to an invited account costs what any other does.
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  return writeTransaction(knex, actorId, async (trx) => {
    if (await repo.findUserByEmail(trx, email)) throw conflict('A user with that email already exists.', 'email');
    const row = await repo.insertUser(trx, { email, displayName: input.displayName, role: input.role, passwordHash });
    const link = await issueLink(trx, row.id, 'invite', actorId);
    const { passwordHash: _hidden, createdAt: _created, ...user } = row;
    return { user, link };
  });
}

/** A reset link for an active account; the old password works until the link is used. */
export async function resetLink(knex: Knex, actorId: string | null, userId: string): Promise<SetPasswordLink> {
  return writeTransaction(knex, actorId, async (trx) => {
    const user = await repo.findUserById(trx, userId);
    if (!user) throw notFound('User');
    if (!user.active) throw conflict('This account is deactivated: reactivate it first.', 'active');
    return issueLink(trx, userId, 'reset', actorId);
  });
}

/** Spend a link: set the password, end the account's sessions. The account holder is the actor. */
export async function setPasswordWithLink(knex: Knex, token: string, password: string): Promise<{ email: string }> {
  const passwordHash = await hashPassword(password);
  return writeTransaction(knex, null, async (trx) => {
    const invite = await inviteRepo.findLiveInviteForUpdate(trx, sha256(token));
    if (!invite || !invite.active) {
      throw httpError('link_not_valid', 'This link has been used, has lapsed or was replaced: ask an admin for a new one.', [
        { field: 'token', message: 'is not a live set-password link' },
      ]);
    }
    await trx.raw(`SELECT set_config('waymark.actor_id', ?, true)`, [invite.userId]);
    await repo.updateUser(trx, invite.userId, { passwordHash });
    await inviteRepo.markInviteUsed(trx, invite.id);
    await repo.deleteSessionsOfUser(trx, invite.userId);
    return { email: invite.email };
  });
}

export type AdminUserView = PublicUser & { pendingLink: { purpose: inviteRepo.InvitePurpose; expiresAt: Date } | null };

/** The accounts list for admins, with any link not yet used. */
export async function listUsersWithLinks(knex: Knex): Promise<AdminUserView[]> {
  const [users, pending] = await Promise.all([listUsers(knex), inviteRepo.pendingLinks(knex)]);
  return users.map((u) => ({ ...u, pendingLink: pending.get(u.id) ?? null }));
}
