/**
 * Create an account from the command line (e.g. the first admin of a real deployment):
 *
 *   npm run create-user -- --email ada@example.org --name "Ada Lovelace" --role admin [--password …]
 *
 * Uses the same settings as the server (DATABASE_URL or WAYMARK_DATA_DIR) and applies any
 * pending migrations first. Without --password a strong one is generated and printed
 * once; it is never stored in clear.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { z } from 'zod';
import { loadConfig } from '../server/config';
import { createDb, migrateToLatest } from '../server/db';
import { createUser, type PublicUser } from '../server/auth/service';
import { roleCodes } from '../server/domain/vocabulary';

const USAGE = 'usage: npm run create-user -- --email EMAIL --name "DISPLAY NAME" --role ROLE [--password PASSWORD]';

/** The same rules as POST /api/users. */
export const createUserArgsSchema = z.object({
  email: z.string({ error: 'is required' }).trim().email('is not an email address').max(254),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  role: z.enum(roleCodes, { error: `must be one of ${roleCodes.join(', ')}` }),
  password: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
});
export type CreateUserArgs = z.infer<typeof createUserArgsSchema>;

export function parseCreateUserArgs(argv: string[]): CreateUserArgs {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  const parsed = createUserArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; ')}\n${USAGE}`);
  }
  return parsed.data;
}

/** 15 random bytes → 20 URL-safe characters (120 bits). */
export const generatePassword = (): string => randomBytes(15).toString('base64url');

export async function createUserAccount(knex: Knex, args: CreateUserArgs): Promise<{ user: PublicUser; generatedPassword: string | null }> {
  const generatedPassword = args.password ? null : generatePassword();
  const user = await createUser(knex, null, {
    email: args.email,
    displayName: args.name,
    role: args.role,
    password: args.password ?? generatedPassword!,
  });
  return { user, generatedPassword };
}

async function main(): Promise<void> {
  const args = parseCreateUserArgs(process.argv.slice(2));
  const config = loadConfig();
  const db = await createDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const { user, generatedPassword } = await createUserAccount(db.knex, args);
    console.log(`Created ${user.role} ${user.email} (${user.displayName}).`);
    if (generatedPassword) console.log(`Password (shown once, keep it safe): ${generatedPassword}`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`create-user: ${err.message}`);
    process.exit(1);
  });
}
