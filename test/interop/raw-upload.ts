import request from 'supertest';
import type { App } from '../../server/app';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import type { Role } from '../../server/domain/vocabulary';

/**
 * Sends a file as the raw request body, signed in (the harness client always sends a
 * JSON body, which cannot carry a CSV file).
 */
export async function rawUploader(app: App, role: Role, email = TEST_USERS.find((u) => u.role === role)!.email, password = TEST_PASSWORD) {
  const login = await request(app).post('/api/auth/login').send({ email, password });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const csrf: string = login.body.csrfToken;
  return (url: string, body: string, contentType = 'text/csv', accept = 'application/json') =>
    request(app).post(url).set('Cookie', cookie).set('X-CSRF-Token', csrf).set('Content-Type', contentType).set('Accept', accept).send(body);
}
