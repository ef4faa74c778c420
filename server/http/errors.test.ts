import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ZodError, z } from 'zod';
import { ERROR_STATUS, HttpError, badRequest, conflict, errorMiddleware, forbidden, fromZod, httpError, notFound, unauthorised } from './errors';

const ROOT = join(__dirname, '..', '..');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
const allSource = ['server', 'scripts', 'seeds', 'test'].flatMap((d) => sourceFiles(join(ROOT, d)));

test('errors are built from the catalogue: no `new HttpError(` outside server/http and server/db', () => {
  const outside = allSource.filter((f) => !/^server\/(http|db)\//.test(f) && readFileSync(join(ROOT, f), 'utf8').includes('new HttpError('));
  expect(outside).toEqual([]);
});

test('no route writes an error status by hand (the code would not be tied to a status)', () => {
  // `.status(503).set(…).json({ error` counts too: anything between the status and the body.
  const byHand = allSource.filter((f) => !f.endsWith('.test.ts') && /status\(\d{3}\)[^;]*?\.json\(\{\s*error/.test(readFileSync(join(ROOT, f), 'utf8')));
  expect(byHand).toEqual([]);
});

// Written out by hand: changing a status is a change of the API and shows here.
const DOCUMENTED: Record<string, number> = {
  validation_failed: 400, bad_request: 400, invalid_text: 400, out_of_range: 400, import_refused: 400,
  request_size_invalid: 400, request_aborted: 400,
  unauthenticated: 401, invalid_credentials: 401, invalid_token: 401,
  forbidden: 403, role_not_allowed: 403, csrf_failed: 403, not_assigned: 403, entity_verify_failed: 403, same_coder: 403, token_read_only: 403,
  not_found: 404,
  conflict: 409, already_drawn: 409, not_drawn: 409, not_closed: 409, campaign_closed: 409, pair_closed: 409, no_mapping: 409,
  not_reached: 409, not_double_coded: 409, already_coded: 409,
  link_not_valid: 410,
  too_large: 413,
  charset_unsupported: 415, encoding_unsupported: 415,
  invalid_reference: 422, invalid_value: 422, missing_value: 422, outside_boundary: 422, invalid_file: 422, invalid_rows: 422,
  mapping_mismatch: 422, feed_unavailable: 422, too_many_pairs: 422, draw_failed: 422,
  too_many_attempts: 429, rate_limited: 429,
  internal: 500,
  busy: 503, timeout: 503, pdf_unavailable: 503,
};

test('each code has one status, the documented one', () => {
  expect(ERROR_STATUS).toEqual(DOCUMENTED);
  for (const [code, status] of Object.entries(DOCUMENTED)) expect(httpError(code as keyof typeof ERROR_STATUS, 'x').status).toBe(status);
});

test('the factories answer with their code and its status', () => {
  const zodError = z.object({ a: z.number() }).safeParse({ a: 'x' }).error as ZodError;
  const built: [HttpError, string][] = [
    [badRequest('name', 'is required'), 'validation_failed'],
    [fromZod(zodError), 'validation_failed'],
    [unauthorised(), 'unauthenticated'],
    [forbidden(), 'forbidden'],
    [notFound(), 'not_found'],
    [conflict('taken', 'email'), 'conflict'],
  ];
  for (const [err, code] of built) expect([err.code, err.status]).toEqual([code, DOCUMENTED[code]]);
  expect(badRequest('name', 'is required').details).toEqual([{ field: 'name', message: 'is required' }]);
});

test("body-parser's refusals keep the status of their code", () => {
  const respond = (err: unknown) => {
    let status = 0;
    let body: any;
    const res: any = { headersSent: false, removeHeader() {}, type() {}, set() {}, status: (s: number) => ((status = s), res), json: (b: unknown) => (body = b) };
    errorMiddleware(() => null)(err, { method: 'POST', originalUrl: '/x' } as any, res, () => {});
    return { status, code: body.error.code };
  };
  expect(respond({ type: 'charset.unsupported', status: 415, expose: true })).toEqual({ status: 415, code: 'charset_unsupported' });
  expect(respond({ type: 'request.aborted', status: 400, expose: true })).toEqual({ status: 400, code: 'request_aborted' });
  expect(respond({ type: 'entity.too.large', status: 413, expose: true })).toEqual({ status: 413, code: 'too_large' });
  expect(respond({ status: 400, expose: true })).toEqual({ status: 400, code: 'bad_request' });
});
