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

export const recordLoginAttempt = (knex: Knex, a: { email: string; ip: string; succeeded: boolean }) =>
  knex('login_attempt').insert({ email: a.email, ip: a.ip, succeeded: a.succeeded });

/** Failed attempts in the window, by email and by address. */
export async function recentFailures(knex: Knex, email: string, ip: string, windowMinutes: number): Promise<{ byEmail: number; byIp: number; oldest: Date | null }> {
  const since = knex.raw(`now() - make_interval(mins => ?)`, [windowMinutes]);
  const row = await knex('login_attempt')
    .where('succeeded', false)
    .andWhere('at', '>', since)
    .andWhere((w) => w.where({ email }).orWhere({ ip }))
    .select(
      knex.raw('count(*) FILTER (WHERE email = ?) AS "byEmail"', [email]),
      knex.raw('count(*) FILTER (WHERE ip = ?) AS "byIp"', [ip]),
      knex.raw('min(at) AS oldest'),
    )
    .first();
  return { byEmail: Number(row?.byEmail ?? 0), byIp: Number(row?.byIp ?? 0), oldest: row?.oldest ?? null };
}
