/**
 * The caller's worklist, phone first: the assigned pairs still to call, each with only
 * what the call needs, and a form per attempt. Attempts go into an outbox on this device
 * first and are sent from there (now, on `online`, on the next load and every 30 s), so a
 * call made where the signal drops is never lost, and a resend is never counted twice.
 */
import { v4 as uuidv4 } from 'uuid';
import '../shared/styles.css';
import './calls.css';
import { apiGet, apiSend, describeError } from '../shared/api';
import { append, byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { CALLER_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { AttemptInput, AttemptRecorded, Worklist, WorklistItem } from '../shared/linkage';
import { flushQueue } from '../shared/outbox';
import { attemptPath, attemptQueue, withRecorded, type QueuedAttempt } from './attempt-queue';
import { renderPairCard } from './pair-card';

const RETRY_MS = 30_000;

async function main(): Promise<void> {
  const start = await startPage('calls');
  if (!start) return;
  const user = start.me.user;
  if (!user || !hasRole(user, CALLER_ROLES)) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(user
      ? h('p', {}, `Linkage calls are made by peer volunteers and researchers. You are signed in as a ${user.role}.`)
      : h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' to see the calls assigned to you.'));
    return;
  }
  const queue = attemptQueue(localStorage, user.id);
  const filter = byId<HTMLSelectElement>('campaign-filter');
  let worklist: Worklist = { items: [], notesReminder: '' };
  let flushing = false;

  async function load(): Promise<void> {
    try {
      worklist = await apiGet<Worklist>('/api/worklist');
    } catch (err) {
      announce(`Your calls could not load: ${describeError(err)}. Anything kept on this device is safe.`, 'error');
    }
    fillCampaignFilter();
    render();
  }

  function fillCampaignFilter(): void {
    const chosen = filter.value;
    const campaigns = new Map(worklist.items.map((i) => [i.campaignId, i.campaignName]));
    clear(filter);
    filter.append(h('option', { value: '' }, 'All my campaigns'), ...[...campaigns].map(([id, name]) => h('option', { value: id }, name)));
    filter.value = campaigns.has(chosen) ? chosen : '';
  }

  /** Redraws the lists; `focusPairId` puts keyboard focus back on that call's card after a save. */
  function render(focusPairId: string | null = null): void {
    const pending = queue.outbox();
    const items = worklist.items.filter((i) => !filter.value || i.campaignId === filter.value);
    const pendingFor = (i: WorklistItem) => pending.filter((q) => q.pairId === i.pairId);
    const isOpen = (i: WorklistItem) => i.status === 'open' && !pendingFor(i).some((q) => q.body.outcome !== undefined && !q.refused);
    const open = items.filter(isOpen);
    const done = items.filter((i) => !isOpen(i));
    const card = (i: WorklistItem) => renderPairCard(i, pendingFor(i), worklist.notesReminder, { submit: record });
    byId('worklist-heading').textContent = `Calls to make (${open.length})`;
    byId('open-pairs').replaceChildren(...(open.length ? open.map(card) : [h('p', {}, 'No calls waiting for you. Thank you!')]));
    byId('done-heading').textContent = `Finished calls (${done.length})`;
    byId('done-pairs').replaceChildren(...done.map(card));
    renderOutbox(pending);
    byId('calls').hidden = false;
    if (focusPairId) document.getElementById(`pair-${focusPairId}-heading`)?.focus();
  }

  function renderOutbox(pending: QueuedAttempt[]): void {
    const panel = byId('outbox');
    panel.hidden = pending.length === 0;
    if (!pending.length) return panel.replaceChildren();
    const refused = pending.filter((q) => q.refused);
    clear(panel);
    append(panel, [
      h('h2', { id: 'outbox-heading' }, `Kept on this device (${pending.length})`),
      h('p', {}, pending.length - refused.length
        ? `${pending.length - refused.length} attempt(s) waiting to be sent. They go by themselves when the connection is back.`
        : 'Nothing is waiting to be sent.'),
      h('ul', { className: 'plain' }, refused.map((q) => h('li', {},
        h('p', { className: 'field-error' }, `Pair ${q.pairNumber} (${q.summary}) was not accepted: ${q.refused!.message}`),
        h('button', { type: 'button', className: 'secondary', onclick: () => { queue.remove(q.clientId); render(); } }, `Discard this attempt for pair ${q.pairNumber}`)))),
      pending.length > refused.length ? h('div', { className: 'button-row' }, h('button', { type: 'button', onclick: () => void flush() }, 'Try sending now')) : null,
    ]);
  }

  function record(item: WorklistItem, input: AttemptInput): void {
    const clientId = uuidv4();
    queue.enqueue({
      clientId, pairId: item.pairId, pairNumber: item.pairNumber, summary: `${item.a.name} about ${item.b.name}`,
      queuedAt: new Date().toISOString(), attempts: 0, body: { ...input, clientRequestId: clientId },
    });
    render(item.pairId);
    void flush(item.pairId);
  }

  async function flush(justRecordedPairId: string | null = null): Promise<void> {
    if (flushing || !queue.outbox().some((q) => !q.refused)) return;
    flushing = true;
    try {
      const outcome = await flushQueue(queue, (body, q) => apiSend<AttemptRecorded>('POST', attemptPath(q.pairId), body));
      for (const { item, result } of outcome.sent) applyRecorded(item, result);
      if (outcome.refused.length) announce(`${outcome.refused.length} attempt(s) were not accepted; see the list at the top.`, 'error');
      else if (outcome.stoppedBecause === 'signed_out') announce('Your session has ended: sign in again to send what is kept on this device.', 'error');
      else if (outcome.waiting) announce(`Saved on this device; ${outcome.waiting} attempt(s) will be sent when the connection is back.`);
      else if (outcome.sent.length) announce(justRecordedPairId ? 'Attempt saved.' : `${outcome.sent.length} attempt(s) sent.`, 'success');
    } finally {
      flushing = false;
      render(justRecordedPairId);
    }
  }

  /** The server's answer updates what we showed: the pair's attempts, and its status unless we already show newer. */
  function applyRecorded(queued: QueuedAttempt, result: AttemptRecorded): void {
    worklist = { ...worklist, items: worklist.items.map((i) => (i.pairId === queued.pairId ? withRecorded(i, result) : i)) };
  }

  filter.addEventListener('change', () => render());
  window.addEventListener('online', () => void flush());
  setInterval(() => void flush(), RETRY_MS);
  await load();
  await flush();
}

void main();
