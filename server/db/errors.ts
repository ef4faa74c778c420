import { HttpError } from '../http/errors';

/**
 * Translates PostgreSQL error codes into the API's errors, in one place, so a constraint
 * the database enforces reaches the user as a named-field 4xx instead of a 500.
 */
type PgError = { code?: string; constraint?: string; column?: string; detail?: string };

const CONSTRAINT_FIELDS: Record<string, string> = {
  app_user_email_unique: 'email',
  organisation_partnership_id_name_unique: 'name',
  asset_organisation_id_foreign: 'organisationId',
  asset_site_site_id_foreign: 'sites',
  asset_client_request_idx: 'clientRequestId',
};

export function translateDbError(err: unknown): HttpError | null {
  // Waited too long for a connection (the embedded engine's one, or a full pool).
  if ((err as Error)?.name === 'KnexTimeoutError') {
    return new HttpError('busy', 'The server is busy; try again in a moment.', undefined, { 'Retry-After': '2' });
  }
  const e = err as PgError;
  if (!e || typeof e.code !== 'string') return null;
  const field = (e.constraint && CONSTRAINT_FIELDS[e.constraint]) ?? e.column ?? undefined;
  switch (e.code) {
    case '23505':
      return new HttpError('conflict', 'That value is already taken.', field ? [{ field, message: 'already exists' }] : undefined);
    case '23503':
      return new HttpError('invalid_reference', 'A referenced record does not exist.', field ? [{ field, message: 'does not exist' }] : undefined);
    case '23502':
      return new HttpError('missing_value', 'A required value is missing.', field ? [{ field, message: 'is required' }] : undefined);
    case '23514':
    case '22P02':
    case '22023':
      return new HttpError('invalid_value', 'A value is not allowed.', field ? [{ field, message: 'is not allowed' }] : undefined);
    // Backstops: input checks should refuse these first (NUL bytes, dates out of range).
    case '22021':
    case '22P05':
      return new HttpError('invalid_text', 'A text value holds a character the database cannot store.', field ? [{ field, message: 'has an invalid character' }] : undefined);
    case '22007':
    case '22008':
    case '22003':
      return new HttpError('out_of_range', 'A value is out of range.', field ? [{ field, message: 'is out of range' }] : undefined);
    case '57014':
      return new HttpError('timeout', 'The query took too long; narrow the filters and try again.');
    default:
      return null;
  }
}
