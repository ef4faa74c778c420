import type { Knex } from 'knex';

/**
 * Extensions, the audit log and the trigger that writes it. Auditing in a trigger means no
 * write can skip the trail, whichever code path made it; the acting user is read from the
 * transaction-local setting `waymark.actor_id` that services set (see server/audit).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('actor_id').nullable();
    t.text('action').notNullable(); // insert | update | delete
    t.text('table_name').notNullable();
    t.text('row_id').notNullable();
    t.jsonb('before').nullable();
    t.jsonb('after').nullable();
    t.index(['table_name', 'row_id']);
    t.index(['at']);
  });
  await knex.raw(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('insert','update','delete'))`);

  // Secrets never enter the trail; an update that changes nothing leaves no entry.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      actor uuid := nullif(current_setting('waymark.actor_id', true), '')::uuid;
      before_row jsonb;
      after_row jsonb;
      row_key text;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN before_row := to_jsonb(OLD) - 'password_hash'; END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN after_row := to_jsonb(NEW) - 'password_hash'; END IF;
      IF TG_OP = 'UPDATE' AND before_row = after_row THEN RETURN NULL; END IF;
      row_key := coalesce(
        coalesce(after_row, before_row)->>'id',
        concat_ws(':', coalesce(after_row, before_row)->>'asset_id', coalesce(after_row, before_row)->>'site_id')
      );
      INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
      VALUES (actor, lower(TG_OP), TG_TABLE_NAME, row_key, before_row, after_row);
      RETURN NULL;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS waymark_audit() CASCADE');
  await knex.schema.dropTableIfExists('audit_log');
}
