import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

export type FieldProblem = { field: string; message: string };

/**
 * Every error code the API answers with, and its one status: a code never means two
 * statuses, so a client may branch on either. Add a code here before throwing it.
 */
export const ERROR_STATUS = {
  // 400: the request itself cannot be read or is out of bounds.
  validation_failed: 400, bad_request: 400, invalid_text: 400, out_of_range: 400, import_refused: 400,
  request_size_invalid: 400, request_aborted: 400,
  unauthenticated: 401, invalid_credentials: 401, invalid_token: 401,
  forbidden: 403, role_not_allowed: 403, csrf_failed: 403, not_assigned: 403, entity_verify_failed: 403, same_coder: 403, token_read_only: 403,
  not_found: 404,
  // 409: right request, wrong moment for the record's state.
  conflict: 409, already_drawn: 409, not_drawn: 409, not_closed: 409, campaign_closed: 409, pair_closed: 409, no_mapping: 409,
  not_reached: 409, not_double_coded: 409, already_coded: 409,
  link_not_valid: 410,
  too_large: 413,
  charset_unsupported: 415, encoding_unsupported: 415,
  // 422: well-formed, but a value or a reference does not hold.
  invalid_reference: 422, invalid_value: 422, missing_value: 422, outside_boundary: 422, invalid_file: 422, invalid_rows: 422,
  mapping_mismatch: 422, feed_unavailable: 422, too_many_pairs: 422, draw_failed: 422,
  too_many_attempts: 429, rate_limited: 429,
  internal: 500,
  // 503: this server cannot do it now (overloaded, or it lacks an optional part such as Chromium).
  busy: 503, timeout: 503, pdf_unavailable: 503,
} as const satisfies Record<string, number>;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error that carries what the client needs: status (from its code), a stable code, and the fields at fault. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers?: Record<string, string>,
    /** Further fields of the error body a client can act on (e.g. the printable page to open instead). */
    readonly extra?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** The one way to build an error outside server/http and server/db (a test keeps it so). */
export const httpError = (code: ErrorCode, message: string, details?: FieldProblem[], headers?: Record<string, string>, extra?: Record<string, string>) =>
  new HttpError(code, message, details, headers, extra);
/** One field at fault: the message says `field: problem`. */
export const fieldError = (code: ErrorCode, field: string, message: string, summary = `${field}: ${message}`) =>
  new HttpError(code, summary, [{ field, message }]);

export const badRequest = (field: string, message: string) => fieldError('validation_failed', field, message);
export const unauthorised = () => new HttpError('unauthenticated', 'Please sign in.');
export const forbidden = (message = 'Your role may not do this.') => new HttpError('forbidden', message);
export const notFound = (what = 'Record') => new HttpError('not_found', `${what} not found.`);
export const conflict = (message: string, field?: string) =>
  new HttpError('conflict', message, field ? [{ field, message }] : undefined);

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
  return new HttpError('validation_failed', summary, details);
}

type Translator = (err: unknown) => HttpError | null;

/** body-parser's refusals (it sets `expose` on errors safe to show), named by what was wrong. */
const BODY_PARSER_FIELDS: Record<string, [ErrorCode, string, string]> = {
  'charset.unsupported': ['charset_unsupported', 'Content-Type', 'names a charset other than utf-8'],
  'encoding.unsupported': ['encoding_unsupported', 'Content-Encoding', 'is not supported (identity, gzip, deflate or br)'],
  'request.size.invalid': ['request_size_invalid', 'Content-Length', 'does not match the body'],
  'request.aborted': ['request_aborted', '(body)', 'was cut short'],
  'entity.verify.failed': ['entity_verify_failed', '(body)', 'was refused'],
};

function clientErrorOf(err: any): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return fromZod(err);
  if (err?.type === 'entity.parse.failed') return badRequest('(body)', 'is not valid JSON');
  if (err?.type === 'entity.too.large') return new HttpError('too_large', 'The request body is too large.', [{ field: '(body)', message: 'is larger than allowed' }]);
  const known = BODY_PARSER_FIELDS[err?.type];
  if (known && typeof err.status === 'number') return fieldError(...known);
  // The router could not percent-decode a path segment (e.g. /api/assets/%FF).
  if (err instanceof URIError) return badRequest('path', 'is not valid percent-encoding (UTF-8)');
  // Any other client error from express or body-parser (http-errors with expose: a corrupt
  // gzip body, say): its status, a generic message, the body named.
  if (err?.expose === true && Number.isInteger(err.status) && err.status >= 400 && err.status < 500) {
    return new HttpError(err.status === 413 ? 'too_large' : 'bad_request', 'The request could not be read.', [{ field: '(body)', message: 'could not be read' }]);
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
      res.status(ERROR_STATUS.internal).json({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
      return;
    }
    if (httpError.headers) res.set(httpError.headers);
    res.status(httpError.status).json({
      error: { ...httpError.extra, code: httpError.code, message: httpError.message, ...(httpError.details ? { details: httpError.details } : {}) },
    });
  };
}
