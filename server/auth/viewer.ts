import type { Role } from '../domain/vocabulary';

export type SessionUser = { id: string; email: string; displayName: string; role: Role };

/** Who is asking. Anonymous visitors have no user. */
export type Viewer = { user: SessionUser | null; sessionId: string | null; csrfToken: string | null };

export const ANONYMOUS: Viewer = { user: null, sessionId: null, csrfToken: null };

/** Roles that may see sensitive assets' exact places and addresses, and review work. */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'coordinator'];

export const isPrivileged = (viewer: Viewer): boolean =>
  viewer.user !== null && PRIVILEGED_ROLES.includes(viewer.user.role);
