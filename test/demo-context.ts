import type { Role } from '../server/domain/vocabulary';
import { createApp, type App } from '../server/app';
import type { Db } from '../server/db';
import { DEMO_ACCOUNTS, seedDemoIfEmpty } from '../seeds/demo';
import type { Config } from '../server/config';
import { createTestDb, signIn, testConfig, type Client } from './harness';

/**
 * A test database holding the whole Calderdale demo (as seeds/demo.test.ts makes it: the
 * base emptied, then the real seeder), for tests that must run over every demo record.
 * One per test file; the seed takes 10–40 s on two busy cores.
 */
export type DemoContext = { db: Db; app: App; as(role: Role): Promise<Client>; close(): Promise<void> };

export async function createDemoContext(configOverrides: Partial<Config> = {}): Promise<DemoContext> {
  const db = await createTestDb();
  await db.knex.raw('TRUNCATE partnership, app_user, login_attempt, audit_log RESTART IDENTITY CASCADE');
  await seedDemoIfEmpty(db, () => {});
  const app = createApp({ db, config: testConfig(configOverrides) });
  const clients = new Map<Role, Client>();
  return {
    db,
    app,
    as: async (role) => {
      if (!clients.has(role)) {
        const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
        clients.set(role, await signIn(app, account.email, account.password));
      }
      return clients.get(role)!;
    },
    close: () => db.close(),
  };
}
