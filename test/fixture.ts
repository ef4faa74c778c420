import { loadPlaceLabels } from '../seeds/place-labels';
import type { Knex } from 'knex';
import type { Role } from '../server/domain/vocabulary';
import { hashPassword } from '../server/auth/password';

/** The base every test database starts from: one partnership and one account per role. */
export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_USERS: { role: Role; email: string; displayName: string }[] = [
  { role: 'admin', email: 'admin@test.waymark', displayName: 'Ada Admin' },
  { role: 'coordinator', email: 'coordinator@test.waymark', displayName: 'Cora Coordinator' },
  { role: 'volunteer', email: 'volunteer@test.waymark', displayName: 'Vic Volunteer' },
  { role: 'commissioner', email: 'commissioner@test.waymark', displayName: 'Cam Commissioner' },
  { role: 'researcher', email: 'researcher@test.waymark', displayName: 'Remy Researcher' },
];

/** A square around central Halifax, roughly 6 km across. */
export const TEST_BOUNDARY = {
  type: 'MultiPolygon',
  coordinates: [[[[-1.91, 53.69], [-1.81, 53.69], [-1.81, 53.75], [-1.91, 53.75], [-1.91, 53.69]]]],
};

export async function loadFixture(knex: Knex): Promise<void> {
  const hash = await hashPassword(TEST_PASSWORD);
  await knex.transaction(async (trx) => {
    await trx('partnership').insert({
      name: 'Test Partnership',
      slug: 'test',
      la_codes: ['E08000033'],
      boundary: trx.raw('ST_GeomFromGeoJSON(?)', [JSON.stringify(TEST_BOUNDARY)]),
    });
    await trx('app_user').insert(TEST_USERS.map((u) => ({ email: u.email, display_name: u.displayName, role: u.role, password_hash: hash })));
    // Town and village names around the test boundary (Halifax, Southowram, Elland, …): the offline basemap's labels.
    await loadPlaceLabels(trx);
  });
}
