/**
 * The dashboard's three sections, named after the guidance's questions; the printable
 * report lays out the same (with `print`: tables in place of "show table").
 */
import { h } from '../shared/dom';
import { barFigure, dataTable, day, pct, people, provenance } from './charts';
import type { Dashboard } from './types';

type Opts = { print?: boolean; headingLevel?: 'h2' | 'h3' };
const gapThreshold = (d: Dashboard) => `${people(d.gaps.threshold)} m`;

export function existsSection(d: Dashboard, o: Opts = {}): HTMLElement {
  const e = d.exists;
  const H = o.headingLevel ?? 'h2';
  return h('section', { className: 'dash-section', id: 'what-exists', 'aria-labelledby': 'what-exists-title' },
    h(H, { id: 'what-exists-title' }, 'What exists'),
    h('p', { className: 'lead' }, `${people(e.categories.total.count)} published recovery assets; ${pct(e.categories.total.peerLedShare)} peer-led and ${pct(e.categories.total.independentShare)} independent of commissioned services (CQS 2.1).`),
    barFigure({
      id: 'assets-by-category', title: 'Assets by category', print: o.print,
      bars: e.categories.rows.filter((r) => r.count > 0).map((r) => ({ label: r.label, value: r.count, display: people(r.count) })),
      columns: [
        { header: 'Category', value: (r) => r.label }, { header: 'Assets', value: (r) => r.count, numeric: true },
        { header: 'Peer-led', value: (r) => r.peerLed, numeric: true }, { header: 'Share peer-led', value: (r) => pct(r.peerLedShare), numeric: true },
        { header: 'Independent', value: (r) => r.independent, numeric: true }, { header: 'Share independent', value: (r) => pct(r.independentShare), numeric: true },
      ],
      rows: e.categories.rows.filter((r) => r.count > 0),
    }),
    provenance(e.categories.provenance),
    h('h3', {}, 'Co-located services (CQS 3.1)'),
    h('p', {}, `${people(e.coLocated.count)} sites host two or more services.`),
    e.coLocated.sites.length ? dataTable('Sites hosting two or more services', [
      { header: 'Site', value: (s) => s.name }, { header: 'Where', value: (s) => s.place }, { header: 'Services', value: (s) => s.serviceCount, numeric: true },
      { header: 'Which', value: (s) => (s.services.length ? s.services.join('; ') : 'not listed (confidential)') },
    ], e.coLocated.sites) : null,
    provenance(e.coLocated.provenance),
    h('h3', {}, 'Lived experience recovery organisations'),
    h('p', {}, `${people(e.leros.count)} LEROs${e.leros.names.length ? `: ${e.leros.names.join(', ')}` : ''}; they run ${people(e.leros.assets)} published assets.`),
    provenance(e.leros.provenance),
    h('h3', {}, 'Freshness'),
    h('p', {}, `${pct(e.freshness.total.share)} of assets were verified in the last 12 months (${people(e.freshness.total.verified)} of ${people(e.freshness.total.count)}).`),
    barFigure({
      id: 'verified-by-category', title: 'Share verified in the last 12 months, by category', print: o.print, max: 1,
      bars: e.freshness.rows.filter((r) => r.count > 0).map((r) => ({ label: r.label, value: r.share, display: pct(r.share) })),
      columns: [{ header: 'Category', value: (r) => r.label }, { header: 'Assets', value: (r) => r.count, numeric: true }, { header: 'Verified', value: (r) => r.verified, numeric: true }, { header: 'Share', value: (r) => pct(r.share), numeric: true }],
      rows: e.freshness.rows.filter((r) => r.count > 0),
    }),
    e.freshness.overdue.length ? dataTable('The 10 most overdue', [
      { header: 'Asset', value: (a) => a.name }, { header: 'Category', value: (a) => a.label },
      { header: 'Last verified', value: (a) => (a.lastVerifiedAt ? `${day(a.lastVerifiedAt)} (${a.daysSince} days)` : 'never') },
    ], e.freshness.overdue) : null,
    provenance(e.freshness.provenance),
    h('h3', {}, `Change since ${day(e.change.since)}`),
    h('p', { className: 'change-since' }, `${people(e.change.added)} added, ${people(e.change.archived)} archived, ${people(e.change.reverified)} re-verified.`),
    provenance(e.change.provenance),
  );
}

export function connectedSection(d: Dashboard, o: Opts = {}): HTMLElement {
  const c = d.connected;
  const H = o.headingLevel ?? 'h2';
  return h('section', { className: 'dash-section', id: 'how-connected', 'aria-labelledby': 'how-connected-title' },
    h(H, { id: 'how-connected-title' }, 'How well connected'),
    c.campaign
      ? h('p', { className: 'lead', id: 'linkage-sentence' }, c.sentence ?? 'No closed calls yet.')
      : h('p', { className: 'lead' }, 'No linkage campaign has closed yet.'),
    c.campaign ? h('p', { className: 'hint' }, `From "${c.campaign.name}", closed ${day(c.campaign.closedAt)}: ${c.campaign.closed} calls of ${c.campaign.pairs} pairs drawn. For the whole partnership.`) : null,
    c.change ? h('p', { id: 'linkage-change' }, c.change.sentence) : c.campaign ? h('p', {}, 'No earlier comparable campaign to compare with.') : null,
    c.weakestPairs.length ? dataTable('The weakest links between kinds of service', [
      { header: 'Called', value: (w) => w.fromLabel }, { header: 'Asked about', value: (w) => w.toLabel },
      { header: 'Could say how to reach it', value: (w) => `${pct(w.rate.estimate)} (${w.rate.x} of ${w.rate.n})`, numeric: true },
    ], c.weakestPairs) : null,
    h('h3', {}, 'Treatment to mutual aid'),
    h('p', { id: 'pathway-sentence' }, c.pathways.sentence),
    c.pathways.without.length ? h('p', { className: 'hint' }, `Without a tested pathway: ${c.pathways.without.join(', ')}.`) : null,
    provenance(c.provenance),
  );
}

export function gapsSection(d: Dashboard, o: Opts = {}): HTMLElement {
  const g = d.gaps;
  const H = o.headingLevel ?? 'h2';
  const rows = g.categories.filter((r) => r.supplyPoints > 0 || r.populationInGaps > 0);
  return h('section', { className: 'dash-section', id: 'where-gaps', 'aria-labelledby': 'where-gaps-title' },
    h(H, { id: 'where-gaps-title' }, 'Where the gaps are'),
    h('p', { className: 'hint' }, `People in a gap live far (over ${gapThreshold(d)} in a straight line, weighted by need) from any published asset of the kind (CQS 2.3).`),
    barFigure({
      id: 'people-in-gaps', title: 'People in gaps, by category', print: o.print,
      bars: rows.map((r) => ({ label: r.label, value: r.populationInGaps, display: `${people(r.populationInGaps)} (${pct(r.shareInGaps)})` })),
      columns: [
        { header: 'Category', value: (r) => r.label }, { header: 'Places', value: (r) => r.supplyPoints, numeric: true },
        { header: 'People in gaps', value: (r) => Math.round(r.populationInGaps), numeric: true }, { header: 'Share', value: (r) => pct(r.shareInGaps), numeric: true },
        { header: 'Most deprived tenth in gaps', value: (r) => Math.round(r.mostDeprivedInGaps), numeric: true }, { header: 'Share of most deprived', value: (r) => pct(r.mostDeprivedShareInGaps), numeric: true },
      ],
      rows,
    }),
    g.focus.map((f) => h('div', { className: 'focus-category' },
      h('h3', {}, f.label),
      barFigure({
        id: `deciles-${f.category}`, title: `${f.label}: share of people in gaps by deprivation decile (1 = most deprived)`, print: o.print, max: 1,
        bars: f.deciles.map((r) => ({ label: `Decile ${r.decile}`, value: r.share, display: r.population ? pct(r.share) : 'no one' })),
        columns: [{ header: 'IMD decile', value: (r) => r.decile }, { header: 'People', value: (r) => Math.round(r.population), numeric: true }, { header: 'In gaps', value: (r) => Math.round(r.inGaps), numeric: true }, { header: 'Share in gaps', value: (r) => pct(r.share), numeric: true }],
        rows: f.deciles,
      }),
      f.worst.length ? dataTable(`${f.label}: the worst gaps`, [
        { header: 'Where', value: (w) => w.place }, { header: 'People', value: (w) => Math.round(w.population), numeric: true }, { header: 'IMD decile', value: (w) => w.imdDecile, numeric: true },
      ], f.worst) : h('p', {}, `No gaps for ${f.label.toLowerCase()}.`),
      f.suggestions.length ? h('div', {}, h('h4', {}, `${f.label}: suggested sites`), h('ol', { className: 'suggestions' }, f.suggestions.map((s) => h('li', {}, h('strong', {}, s.place), ': ', s.explanation)))) : null,
    )),
    provenance(g.provenance),
  );
}

/**
 * The latest peer-participation review (issue 20): per perspective, services in each of
 * the ladder's three bands and the rung it gives the partnership as a whole. A review
 * covers the partnership, so a place filter does not narrow it (the page says so).
 */
export function participationSection(d: Dashboard, o: Opts = {}): HTMLElement {
  const p = d.participation;
  const H = o.headingLevel ?? 'h2';
  const signed = (v: number | null) => (v === null ? null : v > 0 ? `+${v}` : v);
  const rows = p.perspectives.flatMap((x) => x.bands.map((b) => ({ perspective: x.label, ...b })));
  return h('section', { className: 'dash-section', id: 'participation', 'aria-labelledby': 'participation-title' },
    h(H, { id: 'participation-title' }, 'Peer participation'),
    p.round
      ? h('p', { className: 'lead' }, `From the review "${p.round.title}" of ${day(p.round.reviewDate)}: ${people(p.round.services)} services, seen by ${p.perspectives.length} ${p.perspectives.length === 1 ? 'perspective' : 'perspectives'}, who put ${people(p.disagreements)} (services, or the partnership as a whole) on different rungs.`)
      : h('p', { className: 'lead' }, 'No peer-participation review has been held yet.'),
    p.round && d.place ? h('p', { className: 'hint' }, 'For the whole partnership: a review is not divided by place.') : null,
    p.round ? barFigure({
      id: 'participation-bands', title: 'Services in each participation band, by perspective', print: o.print,
      note: p.round.previous ? `Change since the review "${p.round.previous.title}" of ${day(p.round.previous.reviewDate)} is in the table.` : undefined,
      bars: rows.map((r) => ({ label: `${r.perspective}: ${r.label}`, value: r.count, display: people(r.count) })),
      columns: [
        { header: 'Perspective', value: (r) => r.perspective }, { header: 'Band', value: (r) => r.label },
        { header: 'Services', value: (r) => r.count, numeric: true },
        ...(p.round.previous ? [{ header: 'Change since the last review', value: (r: (typeof rows)[number]) => signed(r.change), numeric: true }] : []),
      ],
      rows,
    }) : null,
    p.round ? dataTable('The partnership as a whole, by perspective', [
      { header: 'Perspective', value: (x) => x.label }, { header: 'Services placed', value: (x) => x.placed, numeric: true },
      { header: 'Rung for the partnership', value: (x) => (x.partnership ? `${x.partnership.label} (${x.partnership.rung} of 8)` : 'not given') },
    ], p.perspectives) : null,
    provenance(p.provenance),
  );
}
