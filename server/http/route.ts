import type { Request, Response, Router } from 'express';
import { z, type ZodType } from 'zod';
import type { Role } from '../domain/vocabulary';
import { HttpError, badRequest, fromZod, unauthorised } from './errors';
import { findControlCharacter } from './input';
import type { Viewer } from '../auth/viewer';

/**
 * Every route declares who may call it. `anyone` includes anonymous visitors; a list of
 * roles needs a signed-in user with one of them. The registry is what the role × route
 * test walks, so a new route cannot skip the matrix.
 */
export type Access = 'anyone' | 'signed_in' | readonly Role[];

export type RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> = {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  access: Access;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  handler: (
    input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B>; viewer: Viewer; req: Request },
    res: Response,
  ) => Promise<unknown>;
};

/** What the route table records of each route; its schemas let tests generate input for routes added later. */
export type RegisteredRoute = {
  method: string;
  path: string;
  access: Access;
  summary: string;
  schemas: { params?: ZodType; query?: ZodType; body?: ZodType };
};

const anySchema = z.any();

export function checkAccess(access: Access, viewer: Viewer): void {
  if (access === 'anyone') return;
  if (!viewer.user) throw unauthorised();
  if (access === 'signed_in') return;
  if (!access.includes(viewer.user.role)) {
    throw new HttpError('role_not_allowed', `This needs one of these roles: ${access.join(', ')}.`);
  }
}

export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];

  /** `prefix` is where the router is mounted (the standards' APIs live outside /api). */
  constructor(private readonly router: Router, private readonly prefix = '/api') {}

  add<P extends ZodType = typeof anySchema, Q extends ZodType = typeof anySchema, B extends ZodType = typeof anySchema>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    this.routes.push({
      method: spec.method.toUpperCase(),
      path: spec.path === '/' ? this.prefix : this.prefix + spec.path,
      access: spec.access,
      summary: spec.summary,
      schemas: { params: spec.params, query: spec.query, body: spec.body },
    });
    this.router[spec.method](spec.path, async (req, res, next) => {
      try {
        const viewer = res.locals.viewer as Viewer;
        checkAccess(spec.access, viewer);
        const params = parsePart(spec.params, req.params, 'params');
        const query = parsePart(spec.query, req.query, 'query');
        const body = parsePart(spec.body, req.body ?? {}, 'body');
        const result = await spec.handler({ params, query, body, viewer, req }, res);
        if (!res.headersSent) {
          if (result === undefined) res.status(204).end();
          else res.json(result);
        }
      } catch (err) {
        next(err);
      }
    });
  }
}

function parsePart<S extends ZodType | undefined>(schema: S, value: unknown, where: 'params' | 'query' | 'body') {
  if (!schema) return value as never;
  const control = findControlCharacter(value, where === 'body' ? [] : [where]);
  if (control) throw badRequest(control.field, control.message);
  const parsed = schema.safeParse(value);
  // Body fields are named as the client sent them; query and path ones say where they are.
  if (!parsed.success) throw fromZod(parsed.error, where === 'body' ? undefined : where);
  return parsed.data as never;
}
