import type { CodebookEntry } from './types';
import { ATTEMPT_MODES, ATTEMPT_RESULTS, PAIR_STATUSES } from './types';
import { DEFAULT_RUBRIC } from './defaults';
import { METHOD_VERSION, SOFTWARE_VERSION } from './method-version';

/**
 * Tidy CSV for R, Stata or SPSS (pure): RFC 4180 quoting, a header row, `NA` for a
 * missing value, ISO 8601 UTC times, 0/1 for indicators. The codebook names every column
 * and code (GET …/export/codebook.csv).
 */
export type CsvValue = string | number | boolean | Date | null | undefined;

function cell(v: CsvValue): string {
  if (v === null || v === undefined) return 'NA';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: Record<string, CsvValue>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

const OUTCOME_CODES = DEFAULT_RUBRIC.outcomes.map((o) => `${o.code}=${o.label}`).join('; ');

export const PAIR_COLUMNS = [
  'campaign_id', 'pair_id', 'pair_number', 'stratum', 'a_asset_id', 'a_name', 'a_version', 'a_category', 'b_asset_id', 'b_name', 'b_version', 'b_category',
  'status', 'outcome', 'reached', 'knew', 'information', 'referral', 'attempts', 'first_attempt_at', 'last_attempt_at', 'caller_code',
  'method_version', 'software_version',
] as const;
export const ATTEMPT_COLUMNS = ['campaign_id', 'pair_id', 'pair_number', 'attempt_number', 'attempted_at', 'mode', 'result', 'outcome', 'caller_code', 'method_version', 'software_version'] as const;

/** Every exported row carries the method and software that made the file (docs/linkage-method.md, change log). */
export const VERSION_CELLS = { method_version: METHOD_VERSION, software_version: SOFTWARE_VERSION } as const;
const versionEntries = (file: 'pairs.csv' | 'attempts.csv'): CodebookEntry[] => [
  { file, column: 'method_version', type: 'integer', description: 'Version of the linkage-test method (docs/linkage-method.md) that made this file', codes: '' },
  { file, column: 'software_version', type: 'string', description: 'Waymark software version that made this file', codes: '' },
];

export const CODEBOOK: CodebookEntry[] = [
  { file: 'pairs.csv', column: 'campaign_id', type: 'string', description: 'Campaign identifier (UUID)', codes: '' },
  { file: 'pairs.csv', column: 'pair_id', type: 'string', description: 'Pair identifier (UUID)', codes: '' },
  { file: 'pairs.csv', column: 'pair_number', type: 'integer', description: 'Pair number within the campaign, 1…n, in random order of the draw', codes: '' },
  { file: 'pairs.csv', column: 'stratum', type: 'string', description: 'Design stratum: "<A category>><B category>", or "all" for an unstratified design', codes: '' },
  { file: 'pairs.csv', column: 'a_asset_id', type: 'string', description: 'Service contacted (A), asset identifier; NA beyond the campaign team unless the service agreed to publication', codes: '' },
  { file: 'pairs.csv', column: 'a_name', type: 'string', description: 'Service contacted (A), its name at the draw; NA as a_asset_id', codes: '' },
  { file: 'pairs.csv', column: 'a_version', type: 'integer', description: 'Version of A frozen at the draw (asset_version)', codes: '' },
  { file: 'pairs.csv', column: 'a_category', type: 'code', description: 'Category of A at the draw', codes: 'see GET /api/vocabulary categories' },
  { file: 'pairs.csv', column: 'b_asset_id', type: 'string', description: 'Service asked about (B), asset identifier; NA beyond the campaign team unless the service agreed to publication', codes: '' },
  { file: 'pairs.csv', column: 'b_name', type: 'string', description: 'Service asked about (B), its name at the draw; NA as b_asset_id', codes: '' },
  { file: 'pairs.csv', column: 'b_version', type: 'integer', description: 'Version of B frozen at the draw', codes: '' },
  { file: 'pairs.csv', column: 'b_category', type: 'code', description: 'Category of B at the draw', codes: 'see GET /api/vocabulary categories' },
  { file: 'pairs.csv', column: 'status', type: 'code', description: 'Pair status', codes: `${PAIR_STATUSES.join('; ')} (open = not closed: in no denominator)` },
  { file: 'pairs.csv', column: 'outcome', type: 'code', description: 'Rubric outcome when reached; NA otherwise', codes: OUTCOME_CODES },
  { file: 'pairs.csv', column: 'reached', type: 'integer', description: '1 if A was reached; 0 if unreachable; NA if open', codes: '0; 1' },
  { file: 'pairs.csv', column: 'knew', type: 'integer', description: '1 if outcome ≥ 1; 0 if reached with outcome 0 or unreachable; NA if open', codes: '0; 1' },
  { file: 'pairs.csv', column: 'information', type: 'integer', description: '1 if outcome ≥ 2; 0 if closed otherwise; NA if open', codes: '0; 1' },
  { file: 'pairs.csv', column: 'referral', type: 'integer', description: '1 if outcome = 3; 0 if closed otherwise; NA if open', codes: '0; 1' },
  { file: 'pairs.csv', column: 'attempts', type: 'integer', description: 'Contact attempts made', codes: '' },
  { file: 'pairs.csv', column: 'first_attempt_at', type: 'datetime', description: 'Time of the first attempt (ISO 8601, UTC); NA if none', codes: '' },
  { file: 'pairs.csv', column: 'last_attempt_at', type: 'datetime', description: 'Time of the last attempt (ISO 8601, UTC); NA if none', codes: '' },
  { file: 'pairs.csv', column: 'caller_code', type: 'string', description: 'Assigned caller, pseudonymised within the campaign (C1, C2 …); NA if unassigned', codes: '' },
  ...versionEntries('pairs.csv'),
  { file: 'attempts.csv', column: 'campaign_id', type: 'string', description: 'Campaign identifier (UUID)', codes: '' },
  { file: 'attempts.csv', column: 'pair_id', type: 'string', description: 'Pair identifier (UUID); joins pairs.csv', codes: '' },
  { file: 'attempts.csv', column: 'pair_number', type: 'integer', description: 'Pair number within the campaign', codes: '' },
  { file: 'attempts.csv', column: 'attempt_number', type: 'integer', description: 'Attempt number for the pair, 1…max attempts', codes: '' },
  { file: 'attempts.csv', column: 'attempted_at', type: 'datetime', description: 'When the attempt was made (ISO 8601, UTC)', codes: '' },
  { file: 'attempts.csv', column: 'mode', type: 'code', description: 'How A was contacted', codes: ATTEMPT_MODES.join('; ') },
  { file: 'attempts.csv', column: 'result', type: 'code', description: 'What happened (answered and replied reach the service)', codes: ATTEMPT_RESULTS.join('; ') },
  { file: 'attempts.csv', column: 'outcome', type: 'code', description: 'Rubric outcome recorded with a reaching attempt; NA otherwise', codes: OUTCOME_CODES },
  { file: 'attempts.csv', column: 'caller_code', type: 'string', description: 'Who recorded the attempt, pseudonymised as in pairs.csv', codes: '' },
  ...versionEntries('attempts.csv'),
];

/** The codebook's own rows carry the versions too, so a codebook is tied to the method it describes. */
export const CODEBOOK_COLUMNS = ['file', 'column', 'type', 'description', 'codes', 'method_version', 'software_version'] as const;

/** The codebook with this campaign's own outcome wording, each row stamped with the versions. */
export function codebookFor(rubric: { outcomes: { code: number; label: string }[] }): (CodebookEntry & typeof VERSION_CELLS)[] {
  const codes = rubric.outcomes.map((o) => `${o.code}=${o.label}`).join('; ');
  return CODEBOOK.map((e) => ({ ...(e.column === 'outcome' ? { ...e, codes } : e), ...VERSION_CELLS }));
}
