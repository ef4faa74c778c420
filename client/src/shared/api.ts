/**
 * The one way the pages talk to the server. Writes carry the session's CSRF token; failures
 * become an ApiError (the server answered with an error) or an UnreachableError (no answer:
 * offline, connection dropped, or a proxy saying the app is down), because the capture page
 * must tell "the server refused this" from "try again later".
 */
import { fieldSentence } from './field-labels';
export type FieldProblem = { field: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[],
    readonly url: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Problems keyed by field name as sent ("name", "schedule.0.end", "sites.0.lat"). */
  fieldErrors(): Map<string, string> {
    const byField = new Map<string, string>();
    for (const d of this.details) byField.set(d.field, byField.has(d.field) ? `${byField.get(d.field)}; ${d.message}` : d.message);
    return byField;
  }
}

export class UnreachableError extends Error {
  constructor(readonly url: string, cause: unknown) {
    super(`Could not reach the server (${cause instanceof Error ? cause.message : String(cause)}).`);
    this.name = 'UnreachableError';
  }
}

/** Gateways answer these when the app behind them is down or restarting: worth retrying. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For the one form that uploads files (multipart) with fetch directly. */
export function csrfTokenForUpload(): string | null {
  return csrfToken;
}

type Query = Record<string, string | number | boolean | string[] | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function apiGet<T>(path: string, query?: Query): Promise<T> {
  return request<T>('GET', withQuery(path, query));
}

export function apiSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new UnreachableError(url, err);
  }
  if (GATEWAY_STATUSES.has(res.status)) throw new UnreachableError(url, new Error(`HTTP ${res.status}`));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string; details?: FieldProblem[] } } | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? `The server answered ${res.status}.`, e?.details ?? [], url);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A sentence for the status region, whatever went wrong. */
export function describeError(err: unknown): string {
  if (err instanceof UnreachableError) return 'The server could not be reached. Check your connection and try again.';
  if (err instanceof ApiError) {
    if (err.code === 'unauthenticated') return 'Your session has ended. Please sign in again.';
    if (err.code === 'forbidden') return err.message || 'Your role may not do this.';
    // Field problems in words, never raw keys: "Postcode is not a UK postcode."
    if (err.details.length) return err.details.map((d) => fieldSentence(d.field, d.message)).join(' ');
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
