/**
 * Load the ONS Postcode Directory or the National Statistics Postcode Lookup (CSV, as
 * downloaded from the ONS Open Geography Portal) into the postcode table:
 *
 *   npm run load-postcodes -- FILE [--la E08000033,E08000034]
 *
 * Uses the same settings as the server (DATABASE_URL or WAYMARK_DATA_DIR) and applies
 * pending migrations first. Streams the file (the national one has ~2.7 million rows);
 * terminated postcodes are kept and flagged. Running it again updates only what changed.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { createDb, migrateToLatest } from '../server/db';
import { loadPostcodeFile } from '../server/interop/files/postcode-load';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { la: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new Error('usage: npm run load-postcodes -- FILE [--la E08000033,…]');
  const config = loadConfig();
  const db = await createDb(config.databaseUrl ? { databaseUrl: config.databaseUrl, statementTimeoutMs: 600_000 } : { dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const started = Date.now();
    const laCodes = values.la?.split(',').map((s) => s.trim()).filter(Boolean);
    const report = await loadPostcodeFile(db.knex, positionals[0], {
      laCodes,
      onProgress: (r) => process.stdout.write(`\r${r.read.toLocaleString('en-GB')} rows read, ${r.kept.toLocaleString('en-GB')} kept …`),
    });
    const secs = (Date.now() - started) / 1000;
    console.log(`\nDone in ${secs.toFixed(1)} s: ${report.kept.toLocaleString('en-GB')} postcodes kept (${report.terminated.toLocaleString('en-GB')} terminated, flagged), ` +
      `${report.inserted.toLocaleString('en-GB')} new, ${report.updated.toLocaleString('en-GB')} changed; skipped ${report.skippedNoPoint} without a grid reference` +
      `${laCodes ? `, ${report.skippedOtherArea.toLocaleString('en-GB')} in other areas` : ''}${report.badRows.length ? `, ${report.badRows.length} unreadable (first: line ${report.badRows[0].line}: ${report.badRows[0].reason})` : ''}.`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
