import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../domain/vocabulary';
import { writeTransaction } from '../audit/transaction';
import { conflict, httpError, notFound } from '../http/errors';
import { DUMMY_HASH_PROMISE, hashPassword } from './password';
// Called through the module so tests can count password evaluations.
import * as passwords from './password';
import * as repo from './repo';
import type { SessionUser, Viewer } from './viewer';

/** Login throttling: failed attempts allowed in the window, per account and per address. */
export const LOGIN_LIMITS = { windowMinutes: 15, perEmail: 5, perIp: 30 } as const;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type PublicUser = { id: string; email: string; displayName: string; role: Role; active: boolean; lastLoginAt: Date | null };
const toPublicUser = (u: repo.UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  active: u.active,
  lastLoginAt: u.lastLoginAt,
});

export async function createUser(
  knex: Knex,
  actorId: string | null,
  input: { email: string; displayName: string; role: Role; password: string },
): Promise<PublicUser> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(knex, actorId, async (trx) => {
    if (await repo.findUserByEmail(trx, email)) throw conflict('A user with that email already exists.', 'email');
    return toPublicUser(await repo.insertUser(trx, { email, displayName: input.displayName, role: input.role, passwordHash }));
  });
}

export async function updateUser(
  knex: Knex,
  actorId: string | null,
  id: string,
  patch: { displayName?: string; role?: Role; active?: boolean; password?: string },
): Promise<PublicUser> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  return writeTransaction(knex, actorId, async (trx) => {
    const losesAdmin = (patch.role !== undefined && patch.role !== 'admin') || patch.active === false;
    if (losesAdmin) {
      const others = await repo.lockAndCountOtherActiveAdmins(trx, id);
      const target = await repo.findUserById(trx, id);
      if (target?.role === 'admin' && target.active && others === 0) {
        const field = patch.active === false ? 'active' : 'role';
        throw conflict('This is the last active admin account: make another account an admin first, so someone can still manage accounts.', field);
      }
    }
    const row = await repo.updateUser(trx, id, { displayName: patch.displayName, role: patch.role, active: patch.active, passwordHash });
    if (!row) throw notFound('User');
    // A changed role, password or a deactivation ends existing sessions.
    if (patch.role !== undefined || patch.active === false || passwordHash) await repo.deleteSessionsOfUser(trx, id);
    return toPublicUser(row);
  });
}

export const listUsers = async (knex: Knex) => (await repo.listUsers(knex)).map(toPublicUser);

export type NewSession = { token: string; csrfToken: string; user: SessionUser; expiresAt: Date };

export async function login(
  knex: Knex,
  input: { email: string; password: string; ip: string; userAgent: string | null; sessionHours: number },
): Promise<NewSession> {
  const email = normaliseEmail(input.email);
  const claim = await repo.claimLoginAttempt(knex, { email, ip: input.ip, ...LOGIN_LIMITS });
  if ('retryAfterSeconds' in claim) {
    throw httpError('too_many_attempts', 'Too many failed sign-ins. Try again later.', undefined, { 'Retry-After': String(claim.retryAfterSeconds) });
  }
  const user = await repo.findUserByEmail(knex, email);
  // Compare against a dummy hash for unknown emails so response time does not reveal them.
  const ok = await passwords.verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!user || !ok || !user.active) {
    // The attempt was counted as a failure when it was claimed.
    throw httpError('invalid_credentials', 'Email or password is not right.', [{ field: 'password', message: 'does not match' }]);
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + input.sessionHours * 3600_000);
  await knex.transaction(async (trx) => {
    await repo.markAttemptSucceeded(trx, claim.attemptId);
    await repo.insertSession(trx, { tokenHash: sha256(token), csrfToken, userId: user.id, expiresAt, ip: input.ip, userAgent: input.userAgent });
    await trx.raw(`SELECT set_config('waymark.actor_id', ?, true)`, [user.id]);
    await repo.markLoggedIn(trx, user.id);
  });
  return { token, csrfToken, expiresAt, user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role } };
}

export async function viewerFromToken(knex: Knex, token: string | undefined): Promise<Viewer> {
  if (!token) return { user: null, sessionId: null, csrfToken: null };
  const s = await repo.findLiveSession(knex, sha256(token));
  if (!s) return { user: null, sessionId: null, csrfToken: null };
  return {
    user: { id: s.userId, email: s.email, displayName: s.displayName, role: s.role },
    sessionId: s.id,
    csrfToken: s.csrfToken,
  };
}

export async function logout(knex: Knex, sessionId: string): Promise<void> {
  await repo.deleteSession(knex, sessionId);
}

export async function pruneExpired(knex: Knex): Promise<void> {
  await repo.deleteExpiredSessions(knex);
  await knex('login_attempt').where('at', '<', knex.raw(`now() - interval '1 day'`)).delete();
}
