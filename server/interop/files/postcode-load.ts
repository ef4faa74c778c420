import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { Knex } from 'knex';
import { postcodeRowOf, REQUIRED_COLUMNS, type PostcodeRow } from './postcodes';
import { upsertPostcodes } from './postcode-repo';

/**
 * Stream an ONSPD/NSPL CSV (≈2.7 million rows nationally, ~1 GB) into `postcode` in
 * batches, never holding the file in memory. `laCodes` keeps only those local
 * authorities (the whole file otherwise). Each batch commits on its own: a reload is
 * idempotent, so an interrupted load is finished by running it again.
 */
export type LoadReport = { read: number; kept: number; inserted: number; updated: number; terminated: number; skippedNoPoint: number; skippedOtherArea: number; badRows: { line: number; reason: string }[] };

const BATCH = 5000;

export async function loadPostcodeFile(knex: Knex, file: string, opts: { laCodes?: string[]; onProgress?: (r: LoadReport) => void } = {}): Promise<LoadReport> {
  const report: LoadReport = { read: 0, kept: 0, inserted: 0, updated: 0, terminated: 0, skippedNoPoint: 0, skippedOtherArea: 0, badRows: [] };
  const parser = fs.createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }));
  let batch: PostcodeRow[] = [];
  let checkedHeader = false;
  const flush = async () => {
    const r = await upsertPostcodes(knex, batch);
    report.inserted += r.inserted;
    report.updated += r.updated;
    batch = [];
    opts.onProgress?.(report);
  };
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    if (!checkedHeader) {
      const missing = REQUIRED_COLUMNS.filter((c) => !(c in record));
      if (missing.length) throw new Error(`${file} is not an ONSPD/NSPL CSV: no ${missing.join(', ')} column(s)`);
      checkedHeader = true;
    }
    report.read++;
    const row = postcodeRowOf(record);
    if ('skip' in row) {
      if (row.skip === 'no_point') report.skippedNoPoint++;
      else if (report.badRows.length < 100) report.badRows.push({ line: report.read + 1, reason: row.reason });
      continue;
    }
    if (opts.laCodes?.length && !(row.laCode && opts.laCodes.includes(row.laCode))) {
      report.skippedOtherArea++;
      continue;
    }
    report.kept++;
    if (row.terminatedOn) report.terminated++;
    batch.push(row);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  return report;
}
