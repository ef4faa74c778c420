/**
 * A coordinator imports assets from a CSV file: reads it, matches its columns to the
 * registry's fields (the mapping is saved for that source, so the next file from it is
 * matched already), then imports. By default the valid rows go in as pending records for
 * review and every row that cannot is listed with all its problems, so a first import of
 * a real spreadsheet is not lost to one bad row; all-or-nothing is one tick away.
 */
import '../shared/styles.css';
import './import.css';
import { apiGet, apiSend, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { REVIEW_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import { FIELD_LABELS, rowProblems, streamImport, type Preview, type Report, type RowProblem } from './upload';

type RowNote = { row: number; field: string; message: string };
type FullReport = Report & { held?: (RowNote & { reason: string })[]; warnings?: RowNote[] };
type Coverage = { areas: number; areasWithoutPostcodes: number; populationWithoutPostcodes: number; gaps: { near: string | null; areas: { name: string }[] }[]; advice: string };

async function main(): Promise<void> {
  const start = await startPage('import');
  if (!start) return;
  const user = start.me.user;
  if (!user || !hasRole(user, REVIEW_ROLES)) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(h('p', {}, user ? `Imports are for coordinators and administrators. You are signed in as a ${user.role}.` : h('a', { href: loginHref() }, 'Sign in as a coordinator to import.')));
    return;
  }
  const csrf = start.me.csrfToken;
  byId('importer').hidden = false;
  void showPostcodeCoverage();
  let file: File | null = null;
  let source = '';
  let preview: Preview | null = null;

  byId<HTMLFormElement>('file-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    file = byId<HTMLInputElement>('file').files?.[0] ?? null;
    source = byId<HTMLInputElement>('source').value.trim();
    if (!file) return;
    try {
      const res = await fetch(`/api/imports/files/preview?source=${encodeURIComponent(source)}&format=csv`, { method: 'POST', body: file, headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': csrf ?? '' } });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      preview = body as Preview;
      showMapping(preview);
    } catch (err) {
      announce(`The file could not be read: ${describeError(err)}`, 'error');
    }
  });

  function showMapping(p: Preview & { fieldLabels?: Record<string, string> }): void {
    byId('mapping-step').hidden = false;
    byId('file-summary').textContent = `${p.rows} rows, ${p.headers.length} columns.${p.savedMapping ? ' The mapping saved for this source is filled in.' : ' A first guess is filled in: check it.'}`;
    const chosen = p.savedMapping ?? p.suggestedMapping;
    const fields = byId('mapping-fields');
    clear(fields);
    for (const field of p.fields) {
      const id = `map-${field}`;
      const select = h('select', { id, 'data-field': field }, h('option', { value: '' }, '— not used —'), ...p.headers.map((col) => h('option', { value: col }, col)));
      select.value = chosen[field] ?? '';
      fields.append(h('div', { className: 'mapping-row' }, h('label', { for: id }, p.fieldLabels?.[field] ?? FIELD_LABELS[field] ?? field), select));
    }
    const sample = byId('sample');
    clear(sample);
    sample.append(h('div', { className: 'table-scroll' }, h('table', { className: 'sample' }, h('caption', {}, 'First rows of the file'),
      h('thead', {}, h('tr', {}, ...p.headers.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...p.sample.map((r) => h('tr', {}, ...p.headers.map((c) => h('td', {}, r[c] ?? ''))))))));
  }

  const mappingNow = () =>
    Object.fromEntries([...byId('mapping-fields').querySelectorAll('select')].filter((s) => s.value).map((s) => [s.dataset.field!, s.value]));

  async function run(mode: 'all_or_nothing' | 'valid_only') {
    const progress = byId<HTMLProgressElement>('progress');
    const text = byId('progress-text');
    progress.hidden = false;
    const outcome = await streamImport(`/api/imports/files?source=${encodeURIComponent(source)}&format=csv&mode=${mode}`, file!, csrf, (p) => {
      // The bar and the words show the same two numbers (a phase of nothing to do is done).
      progress.max = Math.max(1, p.total);
      progress.value = p.total ? Math.min(p.done, p.total) : 1;
      text.textContent = `${p.phase}: ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} rows`;
    });
    if ('report' in outcome) {
      progress.max = 1;
      progress.value = 1;
      text.textContent = `done: ${outcome.report.rows.toLocaleString('en-GB')} of ${outcome.report.rows.toLocaleString('en-GB')} rows`;
    }
    return outcome;
  }

  function showReport(report: FullReport): void {
    showProblems(report.problems);
    showNotes('held', 'Imported, held as pending for you to check', report.held ?? []);
    showNotes('warnings', 'Imported, with something to check', report.warnings ?? []);
    const imported = report.created + report.updated + report.unchanged;
    const parts = [`Imported ${report.created} new assets for review`];
    if (report.updated || report.unchanged) parts.push(`${report.updated} updated, ${report.unchanged} already imported and unchanged`);
    const skipped = report.skipped ? ` ${report.skipped} of ${report.rows} rows could not be imported: fix them in your spreadsheet and import the file again.` : '';
    showResult(`${parts.join('; ')} (${imported} of ${report.rows} rows).${skipped}`);
  }

  byId('check').addEventListener('click', async () => {
    try {
      await apiSend('PUT', `/api/imports/mappings/${encodeURIComponent(source)}`, { mapping: mappingNow() });
    } catch (err) {
      announce(`The mapping was not saved: ${describeError(err)}`, 'error');
      return;
    }
    byId('check-step').hidden = false;
    byId('import-valid').hidden = true;
    const allOrNothing = byId<HTMLInputElement>('all-or-nothing').checked;
    const outcome = await run(allOrNothing ? 'all_or_nothing' : 'valid_only');
    if ('report' in outcome) return showReport(outcome.report as FullReport);
    const problems = rowProblems(outcome.error.details ?? []);
    showProblems(problems);
    byId('import-valid').hidden = !problems.length || new Set(problems.map((p) => p.row)).size === preview!.rows;
    announce(problems.length ? `${new Set(problems.map((p) => p.row)).size} rows have problems; nothing was imported.` : outcome.error.message, problems.length ? 'info' : 'error');
  });

  byId('import-valid').addEventListener('click', async () => {
    const outcome = await run('valid_only');
    if ('error' in outcome) return announce(outcome.error.message, 'error');
    byId('import-valid').hidden = true;
    showReport(outcome.report as FullReport);
  });

  /** Every problem of every row, the row number once per row (as the spreadsheet numbers it). */
  function showProblems(problems: RowProblem[]): void {
    const box = byId('problems');
    clear(box);
    if (!problems.length) return;
    const rows = problems.map((p, i) => {
      const first = i === 0 || problems[i - 1].row !== p.row;
      const span = problems.filter((q) => q.row === p.row).length;
      return h('tr', {}, first ? h('th', { scope: 'row', rowspan: span }, String(p.row)) : null, h('td', {}, p.field), h('td', {}, p.message));
    });
    box.append(h('table', { className: 'problems' }, h('caption', {}, 'Rows that cannot be imported'),
      h('colgroup', {}, h('col', { className: 'col-row' }), h('col', { className: 'col-column' }), h('col', {})),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Problem'))),
      h('tbody', {}, ...rows)));
  }

  function showNotes(id: string, caption: string, notes: RowNote[]): void {
    const box = byId(id);
    clear(box);
    if (!notes.length) return;
    box.append(h('table', { className: `problems ${id}` }, h('caption', {}, caption),
      h('colgroup', {}, h('col', { className: 'col-row' }), h('col', { className: 'col-column' }), h('col', {})),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Note'))),
      h('tbody', {}, ...notes.map((n) => h('tr', {}, h('td', {}, String(n.row)), h('td', {}, n.field), h('td', {}, n.message))))));
  }

  function showResult(text: string): void {
    const result = byId('result');
    clear(result);
    result.append(text, ' ', h('a', { href: '/review.html' }, 'Open the review queue'));
    announce(text, 'success');
  }

  /** Where postcodes cannot place a row: the partnership's small areas with none loaded. */
  async function showPostcodeCoverage(): Promise<void> {
    let c: Coverage;
    try {
      c = await apiGet<Coverage>('/api/postcodes-coverage');
    } catch {
      return; // a hint, not a step: the import works without it
    }
    if (!c.areasWithoutPostcodes) return;
    const box = byId('postcode-coverage');
    const places = c.gaps.map((g) => g.near ?? g.areas.map((a) => a.name).join(', ')).join('; ');
    box.hidden = false;
    box.className = 'coverage-note';
    box.append(
      h('div', {}, h('p', {}, `No postcodes are loaded for ${c.areasWithoutPostcodes} of your area's ${c.areas} small areas (${c.populationWithoutPostcodes.toLocaleString('en-GB')} people): ${places}. `,
        'A row with a postcode there imports without a place, for you to place on the map.'),
      user!.role === 'admin' ? h('p', { className: 'hint' }, c.advice) : null),
    );
  }
}

void main();
