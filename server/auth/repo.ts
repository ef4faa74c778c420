import type { Knex } from 'knex';
import type { Role } from '../domain/vocabulary';

export type UserRow = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  passwordHash: string;
  lastLoginAt: Date | null;
  createdAt: Date;
};

const USER_COLUMNS = [
  'id',
  'email',
  'display_name as displayName',
  'role',
  'active',
  'password_hash as passwordHash',
  'last_login_at as lastLoginAt',
  'created_at as createdAt',
];

export const findUserByEmail = (knex: Knex, email: string): Promise<UserRow | undefined> =>
  knex('app_user').select(USER_COLUMNS).where({ email }).first();

export const findUserById = (knex: Knex, id: string): Promise<UserRow | undefined> =>
  knex('app_user').select(USER_COLUMNS).where({ id }).first();

/**
 * Other active admins than `userId`, counted under a transaction-scoped advisory lock, so
 * two admins demoting each other at once are serialised and the second sees the first's
 * change (call inside the transaction that makes the change).
 */
export async function lockAndCountOtherActiveAdmins(trx: Knex.Transaction, userId: string): Promise<number> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('waymark.active_admins', 0))`);
  const row = await trx('app_user').where({ role: 'admin', active: true }).whereNot({ id: userId }).count('* as n').first();
  return Number(row?.n ?? 0);
}

export const listUsers = (knex: Knex): Promise<UserRow[]> => knex('app_user').select(USER_COLUMNS).orderBy('email');

export async function insertUser(
  knex: Knex,
  user: { email: string; displayName: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  const [row] = await knex('app_user')
    .insert({ email: user.email, display_name: user.displayName, role: user.role, password_hash: user.passwordHash })
    .returning(USER_COLUMNS);
  return row;
}

export async function updateUser(
  knex: Knex,
  id: string,
  patch: Partial<{ displayName: string; role: Role; active: boolean; passwordHash: string }>,
): Promise<UserRow | undefined> {
  const values: Record<string, unknown> = { updated_at: knex.fn.now() };
  if (patch.displayName !== undefined) values.display_name = patch.displayName;
  if (patch.role !== undefined) values.role = patch.role;
  if (patch.active !== undefined) values.active = patch.active;
  if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
  const [row] = await knex('app_user').update(values).where({ id }).returning(USER_COLUMNS);
  return row;
}

export const markLoggedIn = (knex: Knex, id: string) =>
  knex('app_user').update({ last_login_at: knex.fn.now() }).where({ id });

export type SessionRow = {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
  email: string;
  displayName: string;
  role: Role;
};

export async function insertSession(
  knex: Knex,
  s: { tokenHash: string; csrfToken: string; userId: string; expiresAt: Date; ip: string; userAgent: string | null },
): Promise<string> {
  const [row] = await knex('user_session')
    .insert({ token_hash: s.tokenHash, csrf_token: s.csrfToken, user_id: s.userId, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
    .returning('id');
  return row.id;
}

/** A live session for an active user, or nothing. */
export const findLiveSession = (knex: Knex, tokenHash: string): Promise<SessionRow | undefined> =>
  knex('user_session as s')
    .join('app_user as u', 'u.id', 's.user_id')
    .select('s.id', 's.csrf_token as csrfToken', 's.expires_at as expiresAt', 'u.id as userId', 'u.email', 'u.display_name as displayName', 'u.role')
    .where('s.token_hash', tokenHash)
    .andWhere('s.expires_at', '>', knex.fn.now())
    .andWhere('u.active', true)
    .first();

export const deleteSession = (knex: Knex, id: string) => knex('user_session').where({ id }).delete();

export const deleteSessionsOfUser = (knex: Knex, userId: string) => knex('user_session').where({ user_id: userId }).delete();

export const deleteExpiredSessions = (knex: Knex) => knex('user_session').where('expires_at', '<=', knex.fn.now()).delete();

/**
 * Check the throttle and count this attempt in one step: under transaction-scoped advisory
 * locks keyed by the account and by the address, count recent failures and, if under both
 * limits, insert this attempt as a failure at once (it becomes a success only once the
 * password matched). Parallel attempts therefore queue on the locks and each sees the
 * ones before it, so no more than the limit ever reach the password check.
 */
export async function claimLoginAttempt(
  knex: Knex,
  a: { email: string; ip: string; windowMinutes: number; perEmail: number; perIp: number },
): Promise<{ attemptId: number } | { retryAfterSeconds: number }> {
  return knex.transaction(async (trx) => {
    // Locks taken in a fixed order (account, then address) so two attempts cannot deadlock.
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0)), pg_advisory_xact_lock(hashtextextended(?, 0))`, [
      `waymark.login.email:${a.email}`,
      `waymark.login.ip:${a.ip}`,
    ]);
    const since = trx.raw(`now() - make_interval(mins => ?)`, [a.windowMinutes]);
    const row = await trx('login_attempt')
      .where('succeeded', false)
      .andWhere('at', '>', since)
      .andWhere((w) => w.where({ email: a.email }).orWhere({ ip: a.ip }))
      .select(
        trx.raw('count(*) FILTER (WHERE email = ?) AS "byEmail"', [a.email]),
        trx.raw('count(*) FILTER (WHERE ip = ?) AS "byIp"', [a.ip]),
        trx.raw(`extract(epoch FROM min(at) + make_interval(mins => ?) - now()) AS "retryAfter"`, [a.windowMinutes]),
      )
      .first();
    if (Number(row?.byEmail ?? 0) >= a.perEmail || Number(row?.byIp ?? 0) >= a.perIp) {
      return { retryAfterSeconds: Math.max(1, Math.ceil(Number(row?.retryAfter ?? a.windowMinutes * 60))) };
    }
    const [inserted] = await trx('login_attempt').insert({ email: a.email, ip: a.ip, succeeded: false }).returning('id');
    return { attemptId: Number(inserted.id) };
  });
}

export const markAttemptSucceeded = (knex: Knex, attemptId: number) =>
  knex('login_attempt').update({ succeeded: true }).where({ id: attemptId });
