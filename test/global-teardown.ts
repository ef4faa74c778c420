import { withAdminConnection } from './server-engine';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  const template = process.env.WAYMARK_TEST_TEMPLATE;
  if (url && template) {
    await withAdminConnection(url, (admin) => admin.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [template]));
  }
}
