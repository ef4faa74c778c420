/**
 * Which services agreed to have their own figures published (docs/linkage-ethics.md §5):
 * the campaign team ticks a service once it has agreed, with a note of how. Everyone
 * outside the team sees per-service figures of ticked services only. Each change is audited.
 */
import { apiGet, apiSend, describeError } from '../shared/api';
import { h } from '../shared/dom';
import type { CampaignView, PairPage, ServiceAgreement } from '../shared/linkage';
import { announce } from '../shared/status';

export function renderAgreementsPanel(campaign: CampaignView): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' }, h('p', {}, 'Loading the services…'));
  const load = async () => {
    try {
      const [pairs, agreements] = await Promise.all([
        apiGet<PairPage>(`/api/campaigns/${campaign.id}/pairs`, { limit: 500 }),
        apiGet<{ items: ServiceAgreement[] }>('/api/linkage/service-agreements'),
      ]);
      const agreed = new Set(agreements.items.map((a) => a.assetId));
      const services = new Map<string, string>();
      for (const p of pairs.items) for (const end of [p.a, p.b]) services.set(end.assetId, end.name);
      const sorted = [...services].sort(([, x], [, y]) => x.localeCompare(y));
      list.replaceChildren(h('ul', { className: 'plain agreements' }, sorted.map(([id, name]) =>
        h('li', {}, h('label', { className: 'check', for: `agree-${id}` },
          h('input', { type: 'checkbox', id: `agree-${id}`, checked: agreed.has(id), onchange: (e: Event) => void toggle(id, name, (e.target as HTMLInputElement).checked) }),
          name)))));
    } catch (err) {
      list.replaceChildren(h('p', { className: 'field-error' }, describeError(err)));
    }
  };
  const toggle = async (assetId: string, name: string, agreed: boolean) => {
    try {
      await apiSend('POST', '/api/linkage/service-agreements', { assetId, agreed });
      announce(agreed ? `${name}: its figures may now be published.` : `${name}: its figures stay with the campaign team.`, 'success');
    } catch (err) {
      announce(`Not saved: ${describeError(err)}`, 'error');
      await load();
    }
  };
  void load();
  return h('section', { className: 'panel', 'aria-labelledby': 'agreements-heading' },
    h('h3', { id: 'agreements-heading' }, 'Publication of each service’s own figures'),
    h('p', { className: 'hint' }, 'Published results and commissioners carry partnership-level figures only. Tick a service once it has agreed to its own figures being published.'),
    list);
}
