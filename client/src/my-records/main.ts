/**
 * My records: every record the signed-in volunteer sent, its status, the coordinator's
 * reason when it was rejected, and "Fix and send again" for a rejected or pending one
 * (the shared asset form, as on the capture page and the review card; a fixed rejected record
 * goes back for review).
 */
import '../shared/styles.css';
import './my-records.css';
import { apiGet, describeError } from '../shared/api';
import { formatDate } from '../shared/asset-card';
import { append, byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { CAPTURE_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { Asset, Organisation, Partnership, Vocabulary } from '../shared/types';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { mountEditForm } from '../asset-form/edit-form';

const EDITABLE = new Set(['pending', 'rejected']);

async function main(): Promise<void> {
  const start = await startPage('records');
  if (!start) return;
  const user = start.me.user;
  if (!user || !hasRole(user, CAPTURE_ROLES)) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(user ? h('p', {}, `Records are kept for people who add assets. You are signed in as a ${user.role}.`) : h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' to see your records.'));
    return;
  }
  const list = byId('records');
  const config = start.config;
  let vocab: Vocabulary;
  let items: Asset[];
  let partnership: Partnership;
  let organisations: Organisation[] | null;
  const load = async () => {
    clear(list);
    list.append(h('p', { className: 'hint' }, 'Loading…'));
    try {
      [vocab, items, partnership, organisations] = await Promise.all([
        loadVocabulary(),
        apiGet<{ items: Asset[] }>('/api/me/assets', { limit: 500 }).then((r) => r.items),
        apiGet<Partnership>('/api/partnership'),
        apiGet<{ items: Organisation[] }>('/api/organisations').then((r) => r.items, () => null),
      ]);
      draw();
    } catch (err) {
      clear(list);
      list.append(h('p', { className: 'field-error' }, `Your records could not be loaded: ${describeError(err)}`),
        h('button', { type: 'button', onclick: () => void load() }, 'Try again'));
    }
  };

  function draw(): void {
    clear(list);
    if (!items.length) {
      list.append(h('p', {}, 'You have not sent any records yet. ', h('a', { href: '/capture.html' }, 'Add an asset')));
      return;
    }
    list.append(h('ul', { className: 'plain record-list' }, items.map(card)));
  }

  function card(asset: Asset): HTMLElement {
    const li = h('li', { className: `panel record status-${asset.status}`, 'data-id': asset.id });
    const fix = EDITABLE.has(asset.status)
      ? h('button', { type: 'button', className: 'secondary', onclick: () => edit(asset, li, fix!) }, asset.status === 'rejected' ? 'Fix and send again' : 'Change it')
      : null;
    append(li, [
      h('h2', { tabindex: '-1' }, asset.name),
      h('p', {}, h('span', { className: `status-badge status-${asset.status}` }, labelOf(vocab.statuses, asset.status)), ` · ${labelOf(vocab.categories, asset.category)} · last changed ${formatDate(asset.updatedAt)}`),
      asset.status === 'rejected' && asset.statusReason ? h('p', { className: 'rejection-reason' }, h('strong', {}, 'Coordinator’s reason: '), asset.statusReason) : null,
      fix,
    ]);
    return li;
  }

  function edit(asset: Asset, li: HTMLElement, opener: HTMLElement): void {
    opener.hidden = true;
    const holder = h('div', { className: 'record-edit' });
    li.append(holder);
    const editForm = mountEditForm(holder, {
      asset, vocab, organisations, config, partnership,
      // Volunteers classify nothing (commissioning, participation): coordinators do, on review.
      fields: { classification: false, learnedFrom: true, publish: false },
      idPrefix: `rec-${asset.id.slice(0, 8)}-`,
      saveLabel: asset.status === 'rejected' ? 'Send again' : 'Save changes',
      onSaved: (result) => {
        items = items.map((a) => (a.id === asset.id ? result.asset : a));
        draw();
        announce(result.asset.status === 'pending' && asset.status === 'rejected'
          ? `Sent “${result.asset.name}” for review again.` : `Saved “${result.asset.name}”.`, 'success');
        list.querySelector<HTMLElement>(`[data-id="${asset.id}"] h2`)?.focus();
      },
      onCancel: () => {
        holder.remove();
        opener.hidden = false;
        opener.focus();
      },
    });
    editForm.focusFirst();
  }

  await load();
}

void main();
