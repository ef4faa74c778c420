/**
 * The coverage-gap panel: category and measure pickers, a legend, the same cells as a
 * table, what-if mode (click the map to place a hypothetical asset) and suggested sites.
 * The map layers are driven through the callbacks; the panel never touches the map.
 */
import { describeError } from '../shared/api';
import { clear, h } from '../shared/dom';
import type { Vocabulary } from '../shared/types';
import { csvHref, loadGapCells, loadSuggestions, runWhatIf, type GapCells, type Suggestion, type WhatIf } from './gaps-api';
import { MEASURES, measureOf, type GapMeasure } from './layers/gap-scale';
import type { GapPoint } from './layers/gap-points-layer';

export type GapPanelHandlers = {
  onVisible(visible: boolean): void;
  onCells(cells: GapCells): void;
  onMeasure(measure: GapMeasure): void;
  onPoints(points: GapPoint[]): void;
  onWhatIfMode(active: boolean): void;
  /** The category whose gaps are shown, or null while the layer is off. */
  onCategory(category: string | null): void;
};

const people = (n: number) => Math.round(n).toLocaleString('en-GB');

export function renderGapsPanel(section: HTMLElement, vocab: Vocabulary, handlers: GapPanelHandlers) {
  let category = vocab.categories.find((c) => c.code === 'mutual_aid')?.code ?? vocab.categories[0]!.code;
  let measure: GapMeasure = 'gap';
  let cells: GapCells | null = null;
  let hypothetical: { lat: number; lng: number }[] = [];
  let suggestions: Suggestion[] = [];
  let whatIfActive = false;

  const show = h('input', { type: 'checkbox', id: 'gaps-show' });
  const categorySelect = h('select', { id: 'gaps-category' }, vocab.categories.map((c) => h('option', { value: c.code, selected: c.code === category }, c.label)));
  const measureSelect = h('select', { id: 'gaps-measure' }, MEASURES.map((m) => h('option', { value: m.code }, m.label)));
  const progress = h('progress', { id: 'gaps-progress', hidden: true, 'aria-label': 'Analysing coverage' });
  const status = h('p', { id: 'gaps-status', className: 'hint', 'aria-live': 'polite' });
  const legend = h('ul', { id: 'gaps-legend', className: 'gap-legend' });
  const whatIfButton = h('button', { type: 'button', id: 'gaps-what-if', 'aria-pressed': 'false' }, 'Place a hypothetical asset');
  const clearButton = h('button', { type: 'button', id: 'gaps-clear', hidden: true }, 'Clear hypothetical assets');
  const whatIfResult = h('div', { id: 'gaps-what-if-result', 'aria-live': 'polite' });
  const suggestButton = h('button', { type: 'button', id: 'gaps-suggest' }, 'Suggest 3 new sites');
  const suggestionList = h('ol', { id: 'gaps-suggestions', className: 'gap-suggestions' });
  const tableToggle = h('button', { type: 'button', id: 'gaps-table-toggle', 'aria-expanded': 'false' }, 'Show the cells as a table');
  const table = h('div', { id: 'gaps-table', hidden: true });
  const csvLink = h('a', { id: 'gaps-csv', href: csvHref(category), download: 'waymark-gaps.csv' }, 'Download every cell (CSV)');
  const controls = h('div', { id: 'gaps-controls', hidden: true },
    h('label', { for: categorySelect.id }, 'Kind of support'), categorySelect,
    h('label', { for: measureSelect.id }, 'Show'), measureSelect,
    legend, progress, status,
    h('div', { className: 'button-row compact' }, whatIfButton, clearButton), whatIfResult,
    h('div', { className: 'button-row compact' }, suggestButton), suggestionList,
    h('div', { className: 'button-row compact' }, tableToggle, csvLink), table);
  section.append(
    h('h2', {}, 'Coverage gaps'),
    h('label', { className: 'check', for: show.id }, show, 'Show where people cannot reach support'),
    controls,
  );

  const busy = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    progress.hidden = false;
    section.setAttribute('aria-busy', 'true');
    status.textContent = what;
    try {
      return await work();
    } catch (err) {
      status.textContent = `That did not work: ${describeError(err)}`;
      return undefined;
    } finally {
      progress.hidden = true;
      section.removeAttribute('aria-busy');
    }
  };

  const drawLegend = () => {
    clear(legend);
    for (const c of measureOf(measure).classes) legend.append(h('li', { style: `--swatch:${c.colour}` }, c.label));
  };
  const points = (): GapPoint[] => [
    ...hypothetical.map((p, i) => ({ ...p, kind: 'hypothetical' as const, label: `H${i + 1}` })),
    ...suggestions.map((s) => ({ lng: s.lng, lat: s.lat, kind: 'suggestion' as const, label: String(s.rank) })),
  ];

  function drawTable(): void {
    if (!cells || table.hidden) return;
    const rows = [...cells.features].sort((a, b) => b.properties.gap_score - a.properties.gap_score || b.properties.population - a.properties.population).slice(0, 200);
    clear(table);
    table.append(h('table', { className: 'gap-table' },
      h('caption', {}, `The ${rows.length} cells with the largest gaps first (all ${cells.features.length} are in the CSV)`),
      h('thead', {}, h('tr', {}, ['Cell', 'Area', 'People', 'IMD decile', 'Nearest (m)', 'Within 1,600 m', 'Access (× average)', 'Gap'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map(({ properties: p }) => h('tr', {},
        h('td', {}, p.cell_id), h('td', {}, p.area_name ?? '—'), h('td', {}, people(p.population)), h('td', {}, p.imd_decile ?? '—'),
        h('td', {}, p.nearest_m === null ? 'none' : people(p.nearest_m)), h('td', {}, p.count_within), h('td', {}, p.e2sfca_norm.toFixed(2)),
        h('td', {}, p.gap ? 'yes' : 'no'))))));
  }

  async function reload(): Promise<void> {
    hypothetical = [];
    suggestions = [];
    clearButton.hidden = true;
    clear(whatIfResult);
    clear(suggestionList);
    handlers.onPoints([]);
    const label = vocab.categories.find((c) => c.code === category)?.label ?? category;
    const loaded = await busy(`Analysing coverage for ${label.toLowerCase()} …`, () => loadGapCells(category));
    if (!loaded) return;
    cells = loaded;
    handlers.onCells(loaded);
    const gaps = loaded.features.filter((f) => f.properties.gap);
    const inGaps = gaps.reduce((s, f) => s + f.properties.population, 0);
    status.textContent = `${label}: ${people(inGaps)} people live in ${gaps.length} gap cells of ${loaded.features.length}.`;
    drawTable();
  }

  function applyWhatIf(result: WhatIf): void {
    if (!cells) return;
    const after = structuredClone(cells);
    for (const c of result.cells) Object.assign(after.features[c.id]!.properties, c.after);
    handlers.onCells(after);
    const s = result.summary;
    clear(whatIfResult);
    whatIfResult.append(
      h('p', { id: 'gaps-difference' }, s.outOfReach),
      h('p', { id: 'gaps-relative', className: 'hint' }, s.relative, s.explanation ? ` ${s.explanation}` : ''),
      h('p', { className: 'hint' }, `${result.cells.length} cells change. Nothing is saved.`));
  }

  show.addEventListener('change', () => {
    controls.hidden = !show.checked;
    handlers.onVisible(show.checked);
    handlers.onCategory(show.checked ? category : null);
    if (show.checked && !cells) void reload();
    drawLegend();
  });
  categorySelect.addEventListener('change', () => {
    category = categorySelect.value;
    csvLink.href = csvHref(category);
    handlers.onCategory(category);
    void reload();
  });
  measureSelect.addEventListener('change', () => {
    measure = measureSelect.value as GapMeasure;
    handlers.onMeasure(measure);
    drawLegend();
  });
  whatIfButton.addEventListener('click', () => {
    whatIfActive = !whatIfActive;
    whatIfButton.setAttribute('aria-pressed', String(whatIfActive));
    whatIfButton.textContent = whatIfActive ? 'Stop placing (click the map to place)' : 'Place a hypothetical asset';
    handlers.onWhatIfMode(whatIfActive);
  });
  clearButton.addEventListener('click', () => {
    hypothetical = [];
    clearButton.hidden = true;
    clear(whatIfResult);
    if (cells) handlers.onCells(cells);
    handlers.onPoints(points());
  });
  suggestButton.addEventListener('click', async () => {
    const result = await busy('Finding the sites that would reach the most people …', () => loadSuggestions(category, 3));
    if (!result) return;
    suggestions = result.suggestions;
    clear(suggestionList);
    for (const s of suggestions) suggestionList.append(h('li', {}, s.explanation));
    status.textContent = suggestions.length ? `${suggestions.length} suggested sites (pink on the map).` : 'No new site would reach anyone not already within reach.';
    handlers.onPoints(points());
  });
  tableToggle.addEventListener('click', () => {
    table.hidden = !table.hidden;
    tableToggle.setAttribute('aria-expanded', String(!table.hidden));
    tableToggle.textContent = table.hidden ? 'Show the cells as a table' : 'Hide the table';
    drawTable();
  });

  return {
    /** A map click in what-if mode: add a hypothetical asset there and show the change. */
    async placeHypothetical(lng: number, lat: number): Promise<void> {
      if (!whatIfActive) return;
      hypothetical.push({ lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 });
      clearButton.hidden = false;
      handlers.onPoints(points());
      const result = await busy('Working out what would change …', () => runWhatIf(category, hypothetical));
      if (result) {
        applyWhatIf(result);
        status.textContent = `What-if for ${result.before.label.toLowerCase()}.`;
      }
    },
  };
}
