import knexFactory, { Knex } from 'knex';

/** Helpers for running the suite against a PostgreSQL/PostGIS server (TEST_DATABASE_URL). */
export const serverTemplateName = () => `waymark_template_${process.pid}`;

export async function withAdminConnection<T>(url: string, work: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}
