/**
 * The CQS evidence report (/report.html): the dashboard's figures laid out for A4, with
 * the static maps, this quarter against the last (the two latest snapshots), and the
 * methods and caveats. The server's Chromium prints this page to make the PDF; it waits
 * for body[data-report-ready] (true, or the error).
 */
import '../shared/styles.css';
import '../dashboard/dashboard.css';
import './report.css';
import { apiGet, describeError } from '../shared/api';
import { byId, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { announce } from '../shared/status';
import { dataTable, day } from '../dashboard/charts';
import { queryOf } from '../dashboard/query';
import { connectedSection, existsSection, gapsSection, participationSection } from '../dashboard/sections';
import type { Dashboard, SnapshotItem, Trend } from '../dashboard/types';

const CONTENTS: [string, string][] = [
  ['what-exists', 'What exists (CQS 2.1, 3.1)'],
  ['participation', 'Peer participation'],
  ['how-connected', 'How well connected'],
  ['where-gaps', 'Where the gaps are (CQS 2.3)'],
  ['maps', 'Maps'],
  ['quarter', 'This quarter and the last'],
  ['methods', 'Methods and caveats'],
];

function mapFigure(src: string, caption: string): HTMLElement {
  return h('figure', { className: 'report-map' }, h('img', { src, alt: caption }), h('figcaption', {}, caption));
}

function methods(d: Dashboard): HTMLElement {
  return h('section', { id: 'methods', className: 'report-section', 'aria-labelledby': 'methods-title' },
    h('h2', { id: 'methods-title' }, 'Methods and caveats'),
    h('ul', {},
      h('li', {}, `Distances are straight lines (no roads or public transport): “within ${d.gaps.threshold.toLocaleString('en-GB')} m” means as the crow flies. Cells are hexagons of ${d.gaps.cellSize} m.`),
      h('li', {}, 'Population is where people live (ONS small-area estimates), not where they work or travel; deprivation is the English Indices of Deprivation 2019 by LSOA (decile 1 = most deprived tenth).'),
      h('li', {}, 'Towns are the nearest populated place (GeoNames) to each LSOA; an LSOA is named by its ONS name, such as “Calderdale 024C”. A ward holds the LSOAs whose point-on-surface lies in the ward boundary the administrator imported; records count in the ward holding their public point.'),
      h('li', {}, 'Peer participation: the latest review round; each perspective’s latest view of each service, placed on an eight-rung ladder in three bands (after Arnstein). It covers the whole partnership, whatever place is chosen.'),
      h('li', {}, 'Linkage: pairs of services are drawn at random (seeded, reproducible) from the registry; a caller contacts service A and asks about service B. “Could tell us how to reach it” means B’s contact details or a referral route were given. Intervals are Wilson 95% intervals; changes use Newcombe’s interval, and “no clear change” means it spans zero.'),
      h('li', {}, 'Masking: confidential places (refuges, recovery houses and the like) are never shown where they are. Maps draw them at the centre of their masking cell, which holds at least 20 postcodes; their addresses and venues are in no table, and sites they share are not named.'),
      h('li', {}, 'Only published records count; freshness is the share verified by a coordinator in the last 12 months.'),
    ),
    h('p', {}, 'Commissioning Quality Standard evidence: 2.1 (a record of recovery assets independent of commissioned services), 3.1 (a directory that shows co-located services), 2.3 (proximity and access).'),
    h('p', { className: 'report-end' }, `End of the report. ${d.partnership.name}, ${day(d.generatedAt)}. Made by Waymark.`),
  );
}

async function trendSection(): Promise<HTMLElement> {
  const section = h('section', { id: 'quarter', className: 'report-section', 'aria-labelledby': 'quarter-title' }, h('h2', { id: 'quarter-title' }, 'This quarter and the last'));
  const { items } = await apiGet<{ items: SnapshotItem[] }>('/api/dashboard/snapshots');
  if (items.length < 2) {
    section.append(h('p', {}, 'Fewer than two dated snapshots are kept yet, so there is nothing to compare.'));
    return section;
  }
  const t = await apiGet<Trend>('/api/dashboard/trend', { from: items[1].id, to: items[0].id });
  section.append(h('p', {}, `The two latest snapshots of the whole partnership: ${day(t.before.takenAt)} and ${day(t.after.takenAt)}.`),
    dataTable('Then and now', [
      { header: 'Figure', value: (r) => r.figure }, { header: 'Then', value: (r) => r.before, numeric: true }, { header: 'Now', value: (r) => r.after, numeric: true },
      { header: 'Change', value: (r) => (r.change === null ? null : r.change > 0 ? `+${r.change}` : r.change), numeric: true },
    ], t.rows));
  return section;
}

async function main(): Promise<void> {
  const start = await startPage('report');
  const body = document.body;
  if (!start) { body.dataset.reportReady = 'could not start'; return; }
  const report = byId('report');
  byId('print-button').addEventListener('click', () => window.print());
  // The server's PDF prints its own page header (server/reports/pdf.ts) in place of the CSS one.
  if (new URLSearchParams(location.search).has('pdf')) body.classList.add('server-pdf');
  try {
    const query = queryOf(location.search);
    const d = await apiGet<Dashboard>('/api/dashboard', query);
    const where = d.place ? d.place.name : 'the whole partnership';
    const when = day(d.generatedAt);
    byId('running-head').textContent = `${d.partnership.name} · CQS evidence report · ${when}`;
    document.title = `CQS evidence report: ${d.partnership.name} · Waymark`;
    const pdfLink = byId<HTMLAnchorElement>('pdf-link');
    pdfLink.href = `/api/reports/cqs.pdf${location.search}`;
    const focus = d.gaps.focus;
    report.replaceChildren(
      h('section', { className: 'report-cover', 'aria-labelledby': 'report-title' },
        h('h1', { id: 'report-title' }, 'Commissioning Quality Standard: evidence report'),
        h('p', { className: 'lead' }, `${d.partnership.name}: ${where}`),
        h('p', {}, `Figures as of ${when}. Evidence for CQS standards 2.1, 2.3 and 3.1.`),
        h('h2', {}, 'Contents'),
        h('ol', { className: 'contents' }, CONTENTS.map(([id, title]) => h('li', {}, h('a', { href: `#${id}` }, title))))),
      h('div', { className: 'report-section' }, existsSection(d, { print: true })),
      h('div', { className: 'report-section' }, participationSection(d, { print: true })),
      h('div', { className: 'report-section' }, connectedSection(d, { print: true })),
      h('div', { className: 'report-section' }, gapsSection(d, { print: true })),
      h('section', { id: 'maps', className: 'report-section', 'aria-labelledby': 'maps-title' },
        h('h2', { id: 'maps-title' }, 'Maps'),
        mapFigure('/api/reports/maps/registry.svg', 'The registry by category (CQS 2.1)'),
        ...focus.map((f) => mapFigure(`/api/reports/maps/gaps.svg?category=${encodeURIComponent(f.category)}`, `Gaps: ${f.label} (CQS 2.3)`)),
        mapFigure('/api/reports/maps/pathways.svg', 'Pathways tested in the latest campaign')),
      await trendSection(),
      methods(d),
    );
    await Promise.all([...report.querySelectorAll('img')].map((img) => img.decode().catch(() => { throw new Error(`a map did not load (${img.getAttribute('src')})`); })));
    body.dataset.reportReady = 'true';
  } catch (err) {
    announce(`The report could not load: ${describeError(err)}`, 'error');
    body.dataset.reportReady = describeError(err);
  }
}

void main();
