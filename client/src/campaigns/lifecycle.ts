/**
 * A drawn campaign's summary and its lifecycle: close (confirmed in a second step, as a
 * closed campaign is read-only), publish or withdraw the summary, and where to read results.
 */
import { apiSend, describeError } from '../shared/api';
import { h } from '../shared/dom';
import type { CampaignView } from '../shared/linkage';
import { announce } from '../shared/status';
import { STATUS_LABEL } from './campaign-list';

export function renderLifecycle(campaign: CampaignView, changed: (c: CampaignView) => void): HTMLElement {
  const act = async (action: 'close' | 'publish' | 'unpublish', done: string) => {
    try {
      const updated = await apiSend<CampaignView>('POST', `/api/campaigns/${campaign.id}/${action}`, {});
      announce(done, 'success');
      changed(updated);
    } catch (err) {
      announce(describeError(err), 'error');
    }
  };
  const confirmRow = h('div', { className: 'button-row', hidden: true },
    h('p', {}, `Close “${campaign.name}”? Open pairs stay open and are left out of the results; nothing more can be recorded.`),
    h('button', { type: 'button', className: 'danger', id: 'confirm-close', onclick: () => void act('close', 'Campaign closed.') }, 'Yes, close it'),
    h('button', { type: 'button', className: 'secondary', onclick: () => { confirmRow.hidden = true; } }, 'Keep it open'));
  const c = campaign.counts;
  return h('section', { className: 'panel lifecycle', 'aria-labelledby': 'lifecycle-heading' },
    h('h3', { id: 'lifecycle-heading' }, `${STATUS_LABEL[campaign.status]}${campaign.published ? ', published' : ''}`),
    h('p', { className: 'campaign-counts' },
      `${c.pairs} pairs: ${c.assigned} assigned, ${c.open} open, ${c.reached} reached, ${c.unreachable} unreachable, ${c.declined ?? 0} declined. Seed ${campaign.seed ?? '–'}.`),
    h('p', {}, h('a', { href: `/results.html?id=${encodeURIComponent(campaign.id)}`, id: 'results-link' },
      campaign.status === 'closed' ? 'Read the results' : 'Read the interim results')),
    campaign.status === 'in_progress' ? [
      h('div', { className: 'button-row' }, h('button', { type: 'button', className: 'secondary', id: 'close-campaign', onclick: () => { confirmRow.hidden = false; } }, 'Close the campaign')),
      confirmRow,
    ] : null,
    campaign.status === 'closed' ? h('div', { className: 'button-row' }, campaign.published
      ? h('button', { type: 'button', className: 'secondary', id: 'unpublish', onclick: () => void act('unpublish', 'Summary withdrawn.') }, 'Withdraw the published summary')
      : h('button', { type: 'button', id: 'publish', onclick: () => void act('publish', 'Summary published: anyone can now read the results.') }, 'Publish the summary')) : null,
  );
}
