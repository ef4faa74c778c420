/**
 * A coordinator imports assets from a CSV file: reads it, matches its columns to the
 * registry's fields (the mapping is saved for that source, so the next file from it is
 * matched already), checks every row (nothing written), then imports the valid rows.
 * They arrive as pending records in the review queue.
 */
import '../shared/styles.css';
import './import.css';
import { apiSend, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { REVIEW_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import { FIELD_LABELS, rowProblems, streamImport, type Preview, type RowProblem } from './upload';

async function main(): Promise<void> {
  const start = await startPage('review');
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

  function showMapping(p: Preview): void {
    byId('mapping-step').hidden = false;
    byId('file-summary').textContent = `${p.rows} rows, ${p.headers.length} columns.${p.savedMapping ? ' The mapping saved for this source is filled in.' : ' A first guess is filled in: check it.'}`;
    const chosen = p.savedMapping ?? p.suggestedMapping;
    const fields = byId('mapping-fields');
    clear(fields);
    for (const field of p.fields) {
      const id = `map-${field}`;
      const select = h('select', { id, 'data-field': field }, h('option', { value: '' }, '— not used —'), ...p.headers.map((col) => h('option', { value: col }, col)));
      select.value = chosen[field] ?? '';
      fields.append(h('div', { className: 'mapping-row' }, h('label', { for: id }, FIELD_LABELS[field] ?? field), select));
    }
    const sample = byId('sample');
    clear(sample);
    sample.append(h('table', { className: 'sample' }, h('caption', {}, 'First rows of the file'),
      h('thead', {}, h('tr', {}, ...p.headers.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...p.sample.map((r) => h('tr', {}, ...p.headers.map((c) => h('td', {}, r[c] ?? '')))))));
  }

  const mappingNow = () =>
    Object.fromEntries([...byId('mapping-fields').querySelectorAll('select')].filter((s) => s.value).map((s) => [s.dataset.field!, s.value]));

  async function run(mode: 'all_or_nothing' | 'valid_only') {
    const progress = byId<HTMLProgressElement>('progress');
    progress.hidden = false;
    return streamImport(`/api/imports/files?source=${encodeURIComponent(source)}&format=csv&mode=${mode}`, file!, csrf, (p) => {
      progress.max = Math.max(1, p.total);
      progress.value = p.done;
      byId('progress-text').textContent = `${p.phase}: ${p.done} of ${p.total}`;
    });
  }

  byId('check').addEventListener('click', async () => {
    try {
      await apiSend('PUT', `/api/imports/mappings/${encodeURIComponent(source)}`, { mapping: mappingNow() });
    } catch (err) {
      announce(`The mapping was not saved: ${describeError(err)}`, 'error');
      return;
    }
    byId('check-step').hidden = false;
    // All or nothing, so a file with any problem writes nothing: this is the check.
    const outcome = await run('all_or_nothing');
    if ('report' in outcome) {
      showResult(`Every row was valid: imported ${outcome.report.created} assets for review.`);
      return;
    }
    const problems = rowProblems(outcome.error.details ?? []);
    showProblems(problems);
    byId('import-valid').hidden = !problems.length || problems.length === preview!.rows;
    announce(problems.length ? `${new Set(problems.map((p) => p.row)).size} rows have problems; nothing was imported yet.` : outcome.error.message, problems.length ? 'info' : 'error');
  });

  byId('import-valid').addEventListener('click', async () => {
    const outcome = await run('valid_only');
    if ('error' in outcome) return announce(outcome.error.message, 'error');
    byId('import-valid').hidden = true;
    showProblems(outcome.report.problems);
    showResult(`Imported ${outcome.report.created} assets for review; ${outcome.report.skipped} rows skipped.`);
  });

  function showProblems(problems: RowProblem[]): void {
    const box = byId('problems');
    clear(box);
    if (!problems.length) return;
    box.append(h('table', { className: 'problems' }, h('caption', {}, 'Rows that cannot be imported'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Problem'))),
      h('tbody', {}, ...problems.map((p) => h('tr', {}, h('td', {}, String(p.row)), h('td', {}, p.field), h('td', {}, p.message))))));
  }

  function showResult(text: string): void {
    const result = byId('result');
    clear(result);
    result.append(text, ' ', h('a', { href: '/review.html' }, 'Open the review queue'));
    announce(text, 'success');
  }
}

void main();
