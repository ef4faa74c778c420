/**
 * One call on the worklist: who to call and how (A's contact details and opening times),
 * what to ask about (B's name and category), the script, the attempts so far, and the form
 * for the next attempt. Nothing else: no other pair's outcome, no earlier campaign.
 */
import { h, type Child } from '../shared/dom';
import { MODE_WORDS, RESULT_WORDS, STATUS_WORDS, type WorklistItem } from '../shared/linkage';
import { describeSchedule } from '../shared/schedule';
import { renderAttemptForm, type AttemptFormHandlers } from './attempt-form';
import type { QueuedAttempt } from './attempt-queue';

const TIME = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function renderPairCard(item: WorklistItem, pending: QueuedAttempt[], notesReminder: string, handlers: AttemptFormHandlers): HTMLElement {
  const a = item.a;
  const headingId = `pair-${item.pairId}-heading`;
  const pendingReach = pending.some((q) => q.body.outcome !== undefined || q.body.result === 'declined');
  const attemptsMade = item.attempts.length + pending.length;
  const canRecord = item.status === 'open' && !pendingReach && attemptsMade < item.maxAttempts;
  return h('article', { className: 'panel pair-card', id: `pair-${item.pairId}`, 'data-pair-number': item.pairNumber, 'aria-labelledby': headingId },
    h('h3', { id: headingId, tabindex: -1 }, `Call ${a.name}`),
    h('p', { className: 'hint' }, `${item.campaignName} · pair ${item.pairNumber} · `, h('span', { className: 'pair-status' }, statusText(item, pending))),
    h('dl', { className: 'facts' },
      h('dt', {}, 'Phone'), h('dd', {}, a.phone ? h('a', { href: `tel:${a.phone.replace(/\s+/g, '')}` }, a.phone) : 'none listed'),
      a.email ? [h('dt', {}, 'Email'), h('dd', {}, h('a', { href: `mailto:${a.email}` }, a.email))] : null,
      a.website ? [h('dt', {}, 'Website'), h('dd', {}, h('a', { href: a.website, rel: 'noopener noreferrer', target: '_blank' }, a.website))] : null,
      h('dt', {}, 'Open'), h('dd', {}, openingTimes(item)),
      a.sites.length ? [h('dt', {}, 'Where'), h('dd', {}, a.sites.map((s) => h('div', {}, [s.venueName, s.address, s.postcode].filter(Boolean).join(', ') || 'Address withheld')))] : null,
      h('dt', {}, 'Ask about'), h('dd', { className: 'ask-about' }, h('strong', {}, item.b.name), ` (${item.b.categoryLabel})`),
    ),
    h('details', { className: 'script', open: item.status === 'open' },
      h('summary', {}, item.approach === 'disclosed' ? 'Script (you say it is a linkage test)' : 'Script (simulated enquiry)'),
      h('blockquote', { className: 'script-text' }, item.script)),
    attemptList(item, pending),
    item.status === 'open' && item.spacingAdvice ? h('p', { className: 'hint spacing-advice' }, item.spacingAdvice) : null,
    canRecord ? renderAttemptForm(item, attemptsMade + 1, notesReminder, handlers) : null,
  );
}

function statusText(item: WorklistItem, pending: QueuedAttempt[]): string {
  if (pending.some((q) => q.body.outcome !== undefined)) return 'Outcome saved on this device, waiting to send';
  if (item.status === 'reached' && item.outcome !== null) {
    const words = item.rubric.find((r) => r.code === item.outcome)?.label ?? String(item.outcome);
    return `${STATUS_WORDS.reached}: ${words}`;
  }
  return `${STATUS_WORDS[item.status]} · attempt ${Math.min(item.attempts.length + pending.length + 1, item.maxAttempts)} of ${item.maxAttempts}`;
}

function openingTimes(item: WorklistItem): Child[] {
  const lines = describeSchedule(item.a.schedule.map((s) => ({ ...s, end: s.end ?? null, note: s.note ?? null })) as Parameters<typeof describeSchedule>[0]);
  const out: Child[] = lines.length ? lines.map((l) => h('div', {}, l)) : ['not listed'];
  if (item.a.scheduleNotes) out.push(h('div', { className: 'hint' }, item.a.scheduleNotes));
  return out;
}

function attemptList(item: WorklistItem, pending: QueuedAttempt[]): HTMLElement | null {
  if (!item.attempts.length && !pending.length) return null;
  const outcomeWords = (code: number | null | undefined) =>
    code === null || code === undefined ? '' : ` · ${item.rubric.find((r) => r.code === code)?.label ?? code}`;
  return h('ol', { className: 'attempt-list', 'aria-label': 'Attempts so far' },
    item.attempts.map((t) => h('li', {}, `${TIME.format(new Date(t.attemptedAt))} · ${MODE_WORDS[t.mode]} · ${RESULT_WORDS[t.result]}${outcomeWords(t.outcome)}`)),
    pending.map((q) => h('li', { className: q.refused ? 'refused' : 'pending' },
      `${TIME.format(new Date(q.body.attemptedAt))} · ${MODE_WORDS[q.body.mode]} · ${RESULT_WORDS[q.body.result]}${outcomeWords(q.body.outcome)} · `,
      h('strong', {}, q.refused ? `not accepted: ${q.refused.message}` : 'waiting to send'))),
  );
}
