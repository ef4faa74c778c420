import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Role } from '../server/domain/vocabulary';
import { createDb, type Db } from '../server/db';
import { createApp, type App } from '../server/app';
import { loadConfig, type Config } from '../server/config';
import { withDatabase } from './global-setup';
import { withAdminConnection } from './server-engine';
import { TEST_PASSWORD, TEST_USERS } from './fixture';

/**
 * A fresh database for one test file: a copy of the base built in global-setup, on the
 * engine this run targets. Nothing is shared between files.
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = process.env.WAYMARK_TEST_TEMPLATE;
    if (!template) throw new Error('global-setup did not create a template database');
    const name = `waymark_t_${randomBytes(6).toString('hex')}`;
    await withAdminConnection(url, (admin) => admin.raw(`CREATE DATABASE ?? TEMPLATE ??`, [name, template]));
    const db = await createDb({ databaseUrl: withDatabase(url, name), poolMax: 4 });
    return {
      knex: db.knex,
      refreshStatistics: db.refreshStatistics,
      close: async () => {
        await db.close();
        await withAdminConnection(url, (admin) => admin.raw(`DROP DATABASE IF EXISTS ?? WITH (FORCE)`, [name]));
      },
    };
  }
  const dumpFile = process.env.WAYMARK_TEST_DUMP;
  if (!dumpFile) throw new Error('global-setup did not create the base dump');
  return createDb({ embeddedDump: fs.readFileSync(dumpFile) });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', WAYMARK_DEMO: 'false' }), ...overrides };
}

export type TestContext = {
  db: Db;
  app: App;
  /** A signed-in client for a role (cookie + CSRF header on writes); `anon` for nobody. */
  as(role: Role | 'anon'): Promise<Client>;
  close(): Promise<void>;
};

export type Client = {
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  patch(url: string, body?: object): request.Test;
  put(url: string, body?: object): request.Test;
  delete(url: string): request.Test;
  userId: string | null;
};

export async function createTestContext(configOverrides: Partial<Config> = {}): Promise<TestContext> {
  const db = await createTestDb();
  const app = createApp({ db, config: testConfig(configOverrides) });
  const clients = new Map<string, Client>();
  const as = async (role: Role | 'anon'): Promise<Client> => {
    const cached = clients.get(role);
    if (cached) return cached;
    const client = role === 'anon' ? clientFor(app, null, null, null) : await signIn(app, TEST_USERS.find((u) => u.role === role)!.email);
    clients.set(role, client);
    return client;
  };
  return { db, app, as, close: () => db.close() };
}

export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await request(app).post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  return clientFor(app, cookie, res.body.csrfToken, res.body.user.id);
}

function clientFor(app: App, cookie: string | null, csrf: string | null, userId: string | null): Client {
  const withAuth = (t: request.Test, write: boolean) => {
    if (cookie) t.set('Cookie', cookie);
    if (write && csrf) t.set('X-CSRF-Token', csrf);
    return t;
  };
  return {
    userId,
    get: (url) => withAuth(request(app).get(url), false),
    post: (url, body) => withAuth(request(app).post(url), true).send(body ?? {}),
    patch: (url, body) => withAuth(request(app).patch(url), true).send(body ?? {}),
    put: (url, body) => withAuth(request(app).put(url), true).send(body ?? {}),
    delete: (url) => withAuth(request(app).delete(url), true),
  };
}
