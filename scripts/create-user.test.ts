import { createTestContext, signIn, type TestContext } from '../test/harness';
import { createUserAccount, parseCreateUserArgs } from './create-user';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => ctx.close());

describe('parseCreateUserArgs', () => {
  test('reads --email, --name, --role and an optional --password', () => {
    expect(parseCreateUserArgs(['--email', ' Ada@Example.org ', '--name', 'Ada L', '--role', 'admin'])).toEqual({ email: 'Ada@Example.org', name: 'Ada L', role: 'admin' });
    expect(parseCreateUserArgs(['--email', 'a@b.org', '--name', 'A', '--role', 'volunteer', '--password', 'long-enough-pw']).password).toBe('long-enough-pw');
  });

  test('says what is wrong and how to call it', () => {
    expect(() => parseCreateUserArgs(['--email', 'a@b.org', '--name', 'A'])).toThrow(/--role must be one of admin, coordinator, volunteer, commissioner, researcher[\s\S]*usage:/);
    expect(() => parseCreateUserArgs(['--email', 'nope', '--name', 'A', '--role', 'admin'])).toThrow('--email is not an email address');
    expect(() => parseCreateUserArgs(['--email', 'a@b.org', '--name', 'A', '--role', 'admin', '--password', 'short'])).toThrow('--password must be at least 10 characters');
    expect(() => parseCreateUserArgs(['--email', 'a@b.org', '--name', 'A', '--role', 'admin', '--colour', 'red'])).toThrow();
  });
});

describe('createUserAccount', () => {
  test('a generated password is returned once and signs the new user in', async () => {
    const { user, generatedPassword } = await createUserAccount(ctx.db.knex, { email: 'New.Coordinator@Example.org', name: 'New Coordinator', role: 'coordinator' });
    expect(user).toMatchObject({ email: 'new.coordinator@example.org', role: 'coordinator', active: true });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const client = await signIn(ctx.app, 'new.coordinator@example.org', generatedPassword!);
    expect((await client.get('/api/auth/me')).body.user.role).toBe('coordinator');
  });

  test('a given password is used and not echoed back', async () => {
    const { generatedPassword } = await createUserAccount(ctx.db.knex, { email: 'r2@example.org', name: 'R2', role: 'researcher', password: 'a-chosen-password' });
    expect(generatedPassword).toBeNull();
    await expect(signIn(ctx.app, 'r2@example.org', 'a-chosen-password')).resolves.toBeDefined();
  });

  test('an email already in use is refused', async () => {
    await expect(createUserAccount(ctx.db.knex, { email: 'admin@test.waymark', name: 'Again', role: 'admin' })).rejects.toThrow('already exists');
  });
});
