import type { Knex } from 'knex';
import { auditTable, checkIn } from './helpers';

import { roleCodes } from '../server/domain/vocabulary';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partnership', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('slug').notNullable().unique();
    t.specificType('la_codes', 'text[]').notNullable().defaultTo('{}');
    t.specificType('boundary', 'geometry(MultiPolygon,4326)').nullable();
    t.timestamps(true, true);
  });
  await knex.raw('CREATE INDEX partnership_boundary_gist ON partnership USING gist (boundary)');

  await knex.schema.createTable('app_user', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable().unique(); // stored lower-cased by the service
    t.text('display_name').notNullable();
    t.text('role').notNullable();
    t.text('password_hash').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('last_login_at', { useTz: true }).nullable();
    t.timestamps(true, true);
  });
  await knex.raw(`ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN (${checkIn(roleCodes)}))`);

  // Sessions live in the database so any number of app instances can serve one user.
  await knex.schema.createTable('user_session', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('token_hash').notNullable().unique(); // sha256 of the cookie value; the cookie is never stored
    t.text('csrf_token').notNullable();
    t.uuid('user_id').notNullable().references('id').inTable('app_user').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.text('ip').nullable();
    t.text('user_agent').nullable();
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('login_attempt', (t) => {
    t.bigIncrements('id').primary();
    t.text('email').notNullable();
    t.text('ip').notNullable();
    t.boolean('succeeded').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['email', 'at']);
    t.index(['ip', 'at']);
  });

  await auditTable(knex, 'partnership');
  await auditTable(knex, 'app_user');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_attempt');
  await knex.schema.dropTableIfExists('user_session');
  await knex.schema.dropTableIfExists('app_user');
  await knex.schema.dropTableIfExists('partnership');
}
