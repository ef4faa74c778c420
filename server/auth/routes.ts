import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { roleCodes } from '../domain/vocabulary';
import { RouteRegistry } from '../http/route';
import { uuidParam } from '../http/params';
import { actorOf } from '../audit/transaction';
import { SESSION_COOKIE } from './middleware';
import * as service from './service';
import * as invites from './invites';

const loginBody = z.object({ email: z.string().trim().email().max(254), password: z.string().min(1).max(200) });
const newUserBody = z.object({
  email: z.string().trim().email().max(254),
  displayName: z.string().trim().min(1).max(120),
  role: z.enum(roleCodes),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
});
const inviteBody = newUserBody.omit({ password: true }).strict();
const setPasswordBody = z.object({
  token: z.string().regex(/^[\w-]{20,100}$/, 'is not a set-password link token'),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
}).strict();
const userPatchBody = z
  .object({
    displayName: z.string().trim().min(1).max(120),
    role: z.enum(roleCodes),
    active: z.boolean(),
    password: z.string().min(10, 'must be at least 10 characters').max(200),
  })
  .partial()
  .strict();

export function authRoutes(knex: Knex, config: Config): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, path: '/' };

  routes.add({
    method: 'post', path: '/auth/login', access: 'anyone', summary: 'Sign in; sets the session cookie', body: loginBody,
    handler: async ({ body, req }, res) => {
      const session = await service.login(knex, {
        ...body, ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') ?? null, sessionHours: config.sessionHours,
      });
      res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  });

  routes.add({
    method: 'post', path: '/auth/logout', access: 'signed_in', summary: 'End this session',
    handler: async ({ viewer }, res) => {
      if (viewer.sessionId) await service.logout(knex, viewer.sessionId);
      res.clearCookie(SESSION_COOKIE, cookieOptions);
      return undefined;
    },
  });

  routes.add({
    method: 'get', path: '/auth/me', access: 'anyone', summary: 'The signed-in user and CSRF token, or nulls',
    handler: async ({ viewer }) => ({ user: viewer.user, csrfToken: viewer.csrfToken }),
  });

  routes.add({
    method: 'get', path: '/users', access: ['admin'], summary: 'List accounts, each with its unused set-password link (kind, expiry) if any',
    handler: async () => ({ items: await invites.listUsersWithLinks(knex) }),
  });

  routes.add({
    method: 'post', path: '/users', access: ['admin'], summary: 'Create an account', body: newUserBody,
    handler: async ({ body, viewer }, res) => {
      res.status(201);
      return service.createUser(knex, actorOf(viewer), body);
    },
  });

  routes.add({
    method: 'patch', path: '/users/:id', access: ['admin'], summary: 'Change an account (role, name, active, password)',
    params: z.object({ id: uuidParam }), body: userPatchBody,
    handler: async ({ params, body, viewer }) => service.updateUser(knex, actorOf(viewer), params.id, body),
  });

  routes.add({
    method: 'post', path: '/users/invites', access: ['admin'], summary: 'Invite someone: a new account and a one-time set-password link to hand over', body: inviteBody,
    handler: async ({ body, viewer }, res) => {
      res.status(201);
      return invites.inviteUser(knex, actorOf(viewer), body);
    },
  });

  routes.add({
    method: 'post', path: '/users/:id/reset-link', access: ['admin'], summary: 'A one-time link that sets a new password for the account (replaces older links)',
    params: z.object({ id: uuidParam }),
    handler: async ({ params, viewer }, res) => {
      res.status(201);
      return invites.resetLink(knex, actorOf(viewer), params.id);
    },
  });

  routes.add({
    method: 'post', path: '/auth/set-password', access: 'anyone', summary: 'Spend a set-password link: the new password, and every session of the account ended', body: setPasswordBody,
    handler: async ({ body }) => invites.setPasswordWithLink(knex, body.token, body.password),
  });

  return { router, registry: routes };
}
