import type { Knex } from 'knex';
import { applyRoutines } from '../server/db/routines';
import { auditTableByStatement } from './helpers';

/**
 * Set-based triggers: a statement writing 100,000 rows runs each trigger once, not once
 * per row; what they write is unchanged. Every audited table's row-level audit trigger
 * becomes three statement-level ones reading transition tables (update images paired by
 * the primary key, given as trigger arguments); site sensitivity is recomputed once per
 * statement; read_cache_version moves once per transaction. Why and how much:
 * docs/decisions/0002-set-based-triggers-and-bulk-writes.md. Bodies: server/audit/sql/,
 * server/assets/sql/, server/cache/sql/. New audited tables use auditTableByStatement.
 */
const AUDITED = [
  'partnership', 'app_user', 'organisation', 'site', 'asset', 'asset_site',
  'campaign', 'campaign_frame', 'campaign_pair', 'campaign_assignment', 'campaign_attempt',
  'area_import', 'external_ref', 'import_mapping',
];

export async function up(knex: Knex): Promise<void> {
  await applyRoutines(knex, ['waymark_audit_statement', 'waymark_asset_site_links_changed', 'waymark_assets_sensitivity_changed']);
  for (const table of AUDITED) {
    await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_audit`, table]);
    await auditTableByStatement(knex, table);
  }

  await knex.raw('DROP TRIGGER IF EXISTS asset_site_sensitivity ON asset_site');
  await knex.raw(`CREATE TRIGGER asset_site_sensitivity AFTER INSERT ON asset_site
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION waymark_asset_site_links_changed()`);
  await knex.raw(`CREATE TRIGGER asset_site_sensitivity_delete AFTER DELETE ON asset_site
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION waymark_asset_site_links_changed()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_site_changed()');

  // Column lists are not allowed with transition tables: the function filters what `OF sensitive, status` + WHEN did.
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw(`CREATE TRIGGER asset_sensitivity AFTER UPDATE ON asset
    REFERENCING OLD TABLE AS old_assets NEW TABLE AS new_assets FOR EACH STATEMENT EXECUTE FUNCTION waymark_assets_sensitivity_changed()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_sensitivity_changed()');
}

export async function down(): Promise<void> {
  // The row-level triggers it replaced call functions that exist only in git history.
  throw new Error('2026120110-statement-level-triggers cannot be undone: the row-level trigger functions it replaced are gone (see git history before 2026120650)');
}
