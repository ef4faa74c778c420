import { translateDbError } from './errors';

test('PostgreSQL constraint errors become named-field 4xx errors', () => {
  expect(translateDbError({ code: '23505', constraint: 'app_user_email_unique' })).toMatchObject({ status: 409, details: [{ field: 'email' }] });
  expect(translateDbError({ code: '23503', constraint: 'asset_organisation_id_foreign' })).toMatchObject({ status: 422, details: [{ field: 'organisationId' }] });
  expect(translateDbError({ code: '23514' })).toMatchObject({ status: 422, code: 'invalid_value' });
  expect(translateDbError({ code: '57014' })).toMatchObject({ status: 503, code: 'timeout' });
});

test('anything else is left for the generic 500', () => {
  expect(translateDbError(new Error('boom'))).toBeNull();
  expect(translateDbError({ code: 'XX000' })).toBeNull();
});
