/**
 * The admin's upload page for small-area data: up to four files as published (LSOA
 * boundaries, population, deprivation, and wards or another named local boundary), optional column headings when the file's own are
 * not recognised, progress while the server writes, and every refused row listed.
 */
import '../shared/styles.css';
import './areas-import.css';
import { csrfTokenForUpload } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { hasRole } from '../shared/session';
import { announce } from '../shared/status';

type Problem = { field: string; message: string; file?: string; row?: number };
type Line = { progress?: { stage: string; done: number; total: number }; result?: { areas: number; areaKind: string; boundaries: number; population: number; deprivation: number; wards: number; inWards: number | null }; error?: { message: string; details?: Problem[] } };

const FILES = [
  { role: 'boundaries', label: 'LSOA boundaries (GeoJSON)', accept: '.geojson,.json,application/geo+json', hint: 'ONS Open Geography Portal: LSOA (2011 or 2021) boundaries, generalised, as GeoJSON.' },
  { role: 'population', label: 'Population (CSV)', accept: '.csv,text/csv', hint: 'IoD File 6 (population denominators) or ONS mid-year small-area population estimates.' },
  { role: 'deprivation', label: 'Deprivation (CSV)', accept: '.csv,text/csv', hint: 'English Indices of Deprivation 2019 or 2025, File 1 (IMD rank and decile).' },
  { role: 'wards', label: 'Wards, optional (GeoJSON)', accept: '.geojson,.json,application/geo+json', hint: 'ONS Open Geography Portal: Wards (e.g. December 2022) Boundaries, as GeoJSON; or any named local boundary (map its code and name columns below). Replaces the wards held; each LSOA joins the ward holding its point-on-surface, for the dashboard\u2019s ward filter.' },
] as const;
const MAPPABLE = [['code', 'LSOA code'], ['name', 'LSOA name'], ['rank', 'IMD rank'], ['decile', 'IMD decile'], ['population', 'Total population']] as const;
const WARD_MAPPABLE = [['code', 'ward code'], ['name', 'ward name']] as const;
const mappableOf = (role: string) => (role === 'wards' ? WARD_MAPPABLE : MAPPABLE);

async function main(): Promise<void> {
  const start = await startPage('areas-import');
  if (!start) return;
  if (!hasRole(start.me.user, ['admin'])) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(h('p', {}, start.me.user ? 'Only administrators can import area data.' : 'Please sign in as an administrator.'));
    return;
  }
  const root = byId('importer');
  root.hidden = false;
  const progress = h('progress', { id: 'import-progress', max: 1, value: 0, hidden: true });
  const progressText = h('p', { id: 'import-progress-text', 'aria-live': 'polite' });
  const outcome = h('div', { id: 'import-outcome' });
  const form = h('form', { id: 'import-form', className: 'panel' },
    FILES.map((f) => h('div', { className: 'field' },
      h('label', { for: `file-${f.role}` }, f.label),
      h('input', { type: 'file', id: `file-${f.role}`, name: f.role, accept: f.accept }),
      h('p', { className: 'hint' }, f.hint))),
    h('details', {},
      h('summary', {}, 'Column headings (only if a file\u2019s own are not recognised)'),
      FILES.filter((f) => f.role !== 'boundaries').flatMap((f) => mappableOf(f.role).map(([key, label]) =>
        h('div', { className: 'field' },
          h('label', { for: `map-${f.role}-${key}` }, `${f.label.replace(/ \(.*/, '')}: heading of the ${label} column`),
          h('input', { type: 'text', id: `map-${f.role}-${key}`, name: `${f.role}.${key}` }))))),
    h('button', { type: 'submit', className: 'primary' }, 'Import'));
  root.append(form, progress, progressText, outcome);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData();
    for (const [name, value] of new FormData(form)) {
      if (value instanceof File ? value.size > 0 : value !== '') data.append(name, value);
    }
    clear(outcome);
    progress.hidden = false;
    progress.removeAttribute('value'); // indeterminate while the files upload and are checked
    progressText.textContent = 'Uploading and checking the files …';
    try {
      const res = await fetch('/api/areas/import', {
        method: 'POST', body: data, credentials: 'same-origin',
        headers: { Accept: 'application/x-ndjson', 'X-CSRF-Token': csrfTokenForUpload() ?? '' },
      });
      if (!res.ok) return showProblems((await res.json()).error);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          handle(JSON.parse(buffer.slice(0, nl)) as Line);
          buffer = buffer.slice(nl + 1);
        }
      }
      if (buffer.trim()) handle(JSON.parse(buffer) as Line);
    } catch (err) {
      announce(`The import could not be sent: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      progress.hidden = true;
    }
  });

  function handle(line: Line): void {
    if (line.progress) {
      progress.max = line.progress.total;
      progress.value = line.progress.done;
      progressText.textContent = `Writing ${line.progress.stage}: ${line.progress.done.toLocaleString('en-GB')} of ${line.progress.total.toLocaleString('en-GB')}`;
    } else if (line.result) {
      const r = line.result;
      progressText.textContent = '';
      const lsoas = `${r.areas.toLocaleString('en-GB')} ${r.areaKind === 'lsoa11' ? '2011' : '2021'} LSOAs: ${r.boundaries} boundaries, ${r.population} populations, ${r.deprivation} deprivation ranks`;
      const wards = r.wards ? `${r.wards.toLocaleString('en-GB')} wards` : '';
      const inWards = r.inWards !== null && (r.wards || r.inWards) ? ` (${r.inWards.toLocaleString('en-GB')} LSOAs lie in a ward)` : '';
      outcome.append(h('p', { className: 'success', id: 'import-result' }, `Imported ${r.areas ? lsoas : ''}${r.areas && wards ? '; ' : ''}${wards}${inWards}.`));
    } else if (line.error) showProblems(line.error);
  }

  function showProblems(error: { message: string; details?: Problem[] }): void {
    progressText.textContent = '';
    outcome.append(h('p', { className: 'error', id: 'import-error' }, 'Nothing was imported.'));
    const rows = error.details ?? [];
    if (!rows.length) outcome.append(h('p', {}, error.message));
    else outcome.append(h('table', { className: 'problems' },
      h('thead', {}, h('tr', {}, ['File', 'Row', 'Field', 'Problem'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((p) => h('tr', {}, h('td', {}, p.file ?? ''), h('td', {}, p.row ?? ''), h('td', {}, p.file ? p.field.replace(/^.* row \d+: /, '') : p.field), h('td', {}, p.message))))));
  }
}

void main();
