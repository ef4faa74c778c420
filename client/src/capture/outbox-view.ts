/** The "waiting to send" panel: what is queued on this device, and what the server refused. */
import { fieldSentence } from '../shared/field-labels';
import { append, clear, h } from '../shared/dom';
import type { QueuedSubmission } from './draft-store';

export type OutboxActions = {
  sendNow(): void;
  /** Put a refused submission back in the form; only offered when the form is empty. */
  reopen(item: QueuedSubmission): void;
  formIsBlank(): boolean;
};

export function renderOutbox(panel: HTMLElement, items: QueuedSubmission[], actions: OutboxActions): void {
  clear(panel);
  panel.hidden = items.length === 0;
  if (!items.length) return;
  const waiting = items.filter((q) => !q.refused);
  append(panel, [
    h('h2', { id: 'outbox-heading' }, `Kept on this device (${items.length})`),
    waiting.length
      ? h('p', {}, waiting.length === 1
          ? 'One asset is waiting to be sent. It will go by itself when the connection is back.'
          : `${waiting.length} assets are waiting to be sent. They will go by themselves when the connection is back.`)
      : null,
    h('ul', { className: 'plain outbox-list' }, items.map((item) =>
      h('li', {},
        h('strong', {}, item.name || 'Unnamed asset'), ' ',
        h('span', { className: 'hint' }, `saved ${new Date(item.queuedAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`),
        item.refused
          ? h('div', { className: 'refused' },
              h('p', { className: 'field-error' }, `Not accepted: ${item.refused.details.length ? item.refused.details.map((d) => fieldSentence(d.field, d.message)).join(' ') : item.refused.message}`),
              actions.formIsBlank()
                ? h('button', { type: 'button', className: 'secondary', onclick: () => actions.reopen(item) }, `Fix “${item.name}” in the form`)
                : h('p', { className: 'hint' }, 'Send or clear the form below first, then you can fix this one.'))
          : null))),
    waiting.length ? h('div', { className: 'button-row' }, h('button', { type: 'button', onclick: actions.sendNow }, 'Try sending now')) : null,
  ]);
}
