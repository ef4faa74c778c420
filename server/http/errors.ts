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

/** body-parser's refusals (it sets `expose` on errors safe to show), named by what was wrong. */
const BODY_PARSER_FIELDS: Record<string, [string, string]> = {
  'charset.unsupported': ['Content-Type', 'names a charset other than utf-8'],
  'encoding.unsupported': ['Content-Encoding', 'is not supported (identity, gzip, deflate or br)'],
  'request.size.invalid': ['Content-Length', 'does not match the body'],
  'request.aborted': ['(body)', 'was cut short'],
  'entity.verify.failed': ['(body)', 'was refused'],
};

function clientErrorOf(err: any): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return fromZod(err);
  if (err?.type === 'entity.parse.failed') return badRequest('(body)', 'is not valid JSON');
  if (err?.type === 'entity.too.large') return new HttpError(413, 'too_large', 'The request body is too large.', [{ field: '(body)', message: 'is larger than allowed' }]);
  const known = BODY_PARSER_FIELDS[err?.type];
  if (known && typeof err.status === 'number') {
    return new HttpError(err.status, err.type.replace(/\./g, '_'), `${known[0]}: ${known[1]}`, [{ field: known[0], message: known[1] }]);
  }
  // The router could not percent-decode a path segment (e.g. /api/assets/%FF).
  if (err instanceof URIError) return badRequest('path', 'is not valid percent-encoding (UTF-8)');
  // Any other client error from express or body-parser (http-errors with expose: a corrupt
  // gzip body, say): its status, a generic message, the body named.
  if (err?.expose === true && Number.isInteger(err.status) && err.status >= 400 && err.status < 500) {
    return new HttpError(err.status, 'bad_request', 'The request could not be read.', [{ field: '(body)', message: 'could not be read' }]);
  }
  return null;
}

/**
 * The one error middleware: `{ error: { code, message, details } }`. Unexpected errors are
 * logged with the request line and answered with a bare 500 in every mode: a stack trace,
 * SQL text or bound parameters never reach a client.
 */
export function errorMiddleware(translate: Translator): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // A handler may have set its own type (GeoJSON, CSV, a download) before failing;
    // express's json() keeps a type already set, and an error is always JSON.
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      res.type('application/json');
    }
    const httpError = clientErrorOf(err) ?? translate(err);
    if (!httpError) {
      console.error(`Waymark: 500 on ${req.method} ${req.originalUrl}:`, err);
      res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
      return;
    }
    if (httpError.headers) res.set(httpError.headers);
    res.status(httpError.status).json({
      error: { code: httpError.code, message: httpError.message, ...(httpError.details ? { details: httpError.details } : {}) },
    });
  };
}
