import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

export type FieldProblem = { field: string; message: string };

/** An error that carries what the client needs: status, a stable code, and the fields at fault. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (field: string, message: string) =>
  new HttpError(400, 'validation_failed', `${field}: ${message}`, [{ field, message }]);
export const unauthorised = () => new HttpError(401, 'unauthenticated', 'Please sign in.');
export const forbidden = (message = 'Your role may not do this.') => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'Record') => new HttpError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, field?: string) =>
  new HttpError(409, 'conflict', message, field ? [{ field, message }] : undefined);

/** Zod issues become one field-named problem each: `location.lat`, `sites.0.postcode`. */
export function fromZod(err: ZodError, prefix?: string): HttpError {
  const fieldOf = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || '(body)';
  const details = err.issues.flatMap((i) =>
    // An unknown key is named itself, so the client sees which field it should not send.
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), message: 'is not a known field' }))
      : [{ field: fieldOf(i.path), message: i.message }],
  );
  const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new HttpError(400, 'validation_failed', summary, details);
}

type Translator = (err: unknown) => HttpError | null;

/** The one error middleware: `{ error: { code, message, details } }`, no stack outside development. */
export function errorMiddleware(translate: Translator, showStacks: boolean): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let httpError: HttpError | null = err instanceof HttpError ? err : null;
    if (!httpError && err instanceof ZodError) httpError = fromZod(err);
    if (!httpError && err?.type === 'entity.parse.failed') httpError = badRequest('(body)', 'is not valid JSON');
    if (!httpError && err?.type === 'entity.too.large') httpError = new HttpError(413, 'too_large', 'The request body is too large.');
    if (!httpError) httpError = translate(err);
    if (!httpError) {
      console.error(err);
      res.status(500).json({
        error: { code: 'internal', message: 'Something went wrong on our side.', ...(showStacks ? { stack: String(err?.stack ?? err) } : {}) },
      });
      return;
    }
    if (httpError.headers) res.set(httpError.headers);
    res.status(httpError.status).json({
      error: { code: httpError.code, message: httpError.message, ...(httpError.details ? { details: httpError.details } : {}) },
    });
  };
}
