/**
 * The partnership dashboard (/dashboard.html): the three questions and the peer
 * participation profile, a place filter (the whole partnership, a town, a locality or an
 * imported ward), the change since a chosen date, dated
 * snapshots and the trend between two, and the way to the printable CQS report and PDF.
 */
import '../shared/styles.css';
import './dashboard.css';
import { apiGet, apiSend, describeError } from '../shared/api';
import { append, byId, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { hasRole } from '../shared/session';
import { announce } from '../shared/status';
import { dataTable, day } from './charts';
import { connectedSection, existsSection, gapsSection, participationSection } from './sections';
import { queryOf } from './query';
import type { Dashboard, Place, SnapshotItem, Trend } from './types';

const READERS = ['commissioner', 'coordinator', 'researcher', 'admin'] as const;
const SNAPSHOT_TAKERS = ['commissioner', 'coordinator', 'admin'] as const;
/** A place as the filter's value: "town:Halifax"; a ward by its code, as two may share a name. */
const placeValue = (p: Place) => `${p.kind}:${p.kind === 'ward' ? p.code : p.name}`;
const REASONS: Record<SnapshotItem['reason'], string> = { on_demand: 'taken on demand', campaign_closed: 'a campaign closed', monthly: 'monthly' };

async function main(): Promise<void> {
  const start = await startPage('dashboard');
  if (!start) return;
  const user = start.me.user;
  const content = byId('dashboard');
  if (!hasRole(user, READERS)) {
    content.append(h('p', {}, user ? 'The dashboard is for commissioners, coordinators, researchers and administrators.' : 'Please sign in to see the dashboard.'));
    return;
  }
  const placeSelect = byId<HTMLSelectElement>('place');
  const sinceInput = byId<HTMLInputElement>('since');
  const reportLink = byId<HTMLAnchorElement>('report-link');
  const pdfLink = byId<HTMLAnchorElement>('pdf-link');
  let query = queryOf(location.search);

  const load = async () => {
    content.setAttribute('aria-busy', 'true');
    try {
      const d = await apiGet<Dashboard>('/api/dashboard', query);
      if (placeSelect.options.length <= 1) {
        // Wards only when the admin has imported some (an empty group is left out).
        for (const [kind, label] of [['town', 'Towns'], ['locality', 'Localities'], ['ward', 'Wards']] as const) {
          const group = h('optgroup', { label });
          for (const p of d.places.filter((x) => x.kind === kind)) group.append(h('option', { value: placeValue(p) }, p.name));
          if (group.children.length) placeSelect.append(group);
        }
      }
      placeSelect.value = d.place ? placeValue(d.place) : '';
      sinceInput.value = d.exists.change.since.slice(0, 10);
      const params = new URLSearchParams(query).toString();
      reportLink.href = `/report.html${params ? `?${params}` : ''}`;
      pdfLink.href = `/api/reports/cqs.pdf${params ? `?${params}` : ''}`;
      byId('dashboard-subtitle').textContent = `${d.partnership.name} · ${d.place ? d.place.name : 'the whole partnership'} · ${day(d.generatedAt)}`;
      content.replaceChildren(existsSection(d), participationSection(d), connectedSection(d), gapsSection(d));
      content.dataset.loaded = d.place ? d.place.name : 'all';
      history.replaceState(null, '', params ? `?${params}` : location.pathname);
    } catch (err) {
      announce(`The dashboard could not load: ${describeError(err)}`, 'error');
    } finally {
      content.removeAttribute('aria-busy');
    }
  };

  placeSelect.addEventListener('change', () => {
    const [kind, ...name] = placeSelect.value.split(':');
    const { since } = query;
    query = { ...(since ? { since } : {}), ...(placeSelect.value ? { [kind]: name.join(':') } : {}) };
    void load();
  });
  sinceInput.addEventListener('change', () => {
    if (!sinceInput.value) return;
    query = { ...query, since: sinceInput.value };
    void load();
  });
  await load();
  await snapshots(hasRole(user, SNAPSHOT_TAKERS));
}

async function snapshots(mayTake: boolean): Promise<void> {
  const region = byId('over-time');
  const render = async () => {
    const { items } = await apiGet<{ items: SnapshotItem[] }>('/api/dashboard/snapshots');
    const from = h('select', { id: 'trend-from' }, items.map((s, i) => h('option', { value: s.id, selected: i === 1 }, `${day(s.takenAt)} (${REASONS[s.reason]})`)));
    const to = h('select', { id: 'trend-to' }, items.map((s, i) => h('option', { value: s.id, selected: i === 0 }, `${day(s.takenAt)} (${REASONS[s.reason]})`)));
    const result = h('div', { id: 'trend-result' });
    const compare = async () => {
      try {
        const t = await apiGet<Trend>('/api/dashboard/trend', { from: from.value, to: to.value });
        result.replaceChildren(dataTable(`From ${day(t.before.takenAt)} to ${day(t.after.takenAt)}`, [
          { header: 'Figure', value: (r) => r.figure }, { header: 'Then', value: (r) => r.before, numeric: true }, { header: 'Now', value: (r) => r.after, numeric: true },
          { header: 'Change', value: (r) => (r.change === null ? null : r.change > 0 ? `+${r.change}` : r.change), numeric: true },
        ], t.rows));
      } catch (err) {
        announce(`The trend could not load: ${describeError(err)}`, 'error');
      }
    };
    region.replaceChildren();
    append(region, [
      h('h2', { id: 'over-time-title' }, 'Over time'),
      h('p', {}, items.length ? `${items.length} dated snapshots: one is kept whenever a campaign closes, each month, and on demand. They are never changed.` : 'No snapshots yet.'),
      mayTake ? h('p', {}, h('button', { type: 'button', id: 'take-snapshot', onclick: take }, 'Take a snapshot now')) : null,
      items.length >= 2 ? h('div', { className: 'inline-field' },
        h('label', { for: 'trend-from' }, 'Compare'), from, h('label', { for: 'trend-to' }, 'with'), to,
        h('button', { type: 'button', className: 'secondary', onclick: () => void compare() }, 'Compare')) : null,
      result,
    ]);
    if (items.length >= 2) await compare();
  };
  const take = async () => {
    try {
      await apiSend('POST', '/api/dashboard/snapshots', {});
      announce('Snapshot taken.');
      await render();
    } catch (err) {
      announce(`The snapshot could not be taken: ${describeError(err)}`, 'error');
    }
  };
  try {
    await render();
  } catch (err) {
    announce(`Snapshots could not load: ${describeError(err)}`, 'error');
  }
}

void main();
