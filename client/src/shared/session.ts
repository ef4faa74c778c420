/** Who is signed in, and signing in and out. Keeps the api client's CSRF token in step. */
import { apiGet, apiSend, setCsrfToken } from './api';
import type { Me, Role, User } from './types';

export async function loadSession(): Promise<Me> {
  const me = await apiGet<Me>('/api/auth/me');
  setCsrfToken(me.csrfToken);
  return me;
}

export async function signIn(email: string, password: string): Promise<User> {
  const res = await apiSend<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { email, password });
  setCsrfToken(res.csrfToken);
  return res.user;
}

export async function signOut(): Promise<void> {
  await apiSend<void>('POST', '/api/auth/logout');
  setCsrfToken(null);
}

export const CAPTURE_ROLES: readonly Role[] = ['volunteer', 'coordinator', 'admin'];
export const REVIEW_ROLES: readonly Role[] = ['coordinator', 'admin'];
/** Linkage tests: the campaign team designs and runs campaigns; callers work assigned pairs. */
export const CAMPAIGN_TEAM_ROLES: readonly Role[] = ['researcher', 'coordinator', 'admin'];
export const CALLER_ROLES: readonly Role[] = ['researcher', 'volunteer'];

export function hasRole(user: User | null, roles: readonly Role[]): boolean {
  return !!user && roles.includes(user.role);
}

/**
 * Where to go after signing in: only a path on this site, so a crafted link cannot send
 * someone elsewhere ("//evil.example" is a host, not a path).
 */
export function safeNextPath(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}

export function loginHref(): string {
  return `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}
