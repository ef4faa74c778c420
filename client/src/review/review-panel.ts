/**
 * One queued asset, for a coordinator: the full card, what it may duplicate, and the
 * decisions open to them (publish, reject with a reason, edit, verify, archive).
 */
import { apiSend, ApiError, describeError } from '../shared/api';
import { renderAssetCard } from '../shared/asset-card';
import { clear, h } from '../shared/dom';
import { showDuplicates } from '../shared/duplicate-list';
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { announce } from '../shared/status';
import type { Asset, AssetWriteResult, ClientConfig, DuplicateCandidate, Organisation, Partnership, Vocabulary } from '../shared/types';
import { mountEditForm } from '../asset-form/edit-form';
import { renderSubmissionInfo } from './submission-info';
import type { QueueKind } from './queue-list';

export type ReviewPanelDeps = {
  vocab: Vocabulary;
  organisations: Organisation[] | null;
  config: ClientConfig;
  partnership: Partnership;
  queue: QueueKind;
  /** The asset left this queue (published, rejected, verified, archived). */
  onDone(asset: Asset, message: string): void;
  /** The asset changed but stays in the queue (edited). */
  onUpdated(asset: Asset): void;
  /** Someone else got there first: the queue needs reloading. */
  onOutOfDate(): void;
};

export function renderReviewPanel(panel: HTMLElement, asset: Asset, deps: ReviewPanelDeps): void {
  clear(panel);
  const duplicates = h('section', { className: 'duplicates', hidden: true, 'aria-live': 'polite' });
  const actions = h('div', { className: 'review-actions' });
  panel.append(renderAssetCard(asset, deps.vocab, { showWorkflow: true, headingId: 'review-heading' }), renderSubmissionInfo(asset, deps.vocab), duplicates, actions);
  void loadDuplicates(asset, deps.vocab, duplicates, (d) => void merge(d));
  drawActions();

  function drawActions(): void {
    clear(actions);
    const buttons = deps.queue === 'pending'
      ? [
          h('button', { type: 'button', onclick: () => void decide('publish', {}, `Published “${asset.name}”.`) }, 'Publish'),
          h('button', { type: 'button', className: 'secondary', onclick: () => showReasonForm('reject') }, 'Reject…'),
        ]
      : [h('button', { type: 'button', onclick: () => void decide('verify', {}, `Marked “${asset.name}” as checked.`) }, 'Still right: verify')];
    actions.append(h('div', { className: 'button-row' },
      buttons,
      h('button', { type: 'button', className: 'secondary edit-opener', onclick: showEdit }, 'Edit'),
      h('button', { type: 'button', className: 'secondary', onclick: () => showReasonForm('archive') }, 'Archive…')));
  }

  function showEdit(): void {
    clear(actions);
    const editForm = mountEditForm(actions, {
      asset, vocab: deps.vocab, organisations: deps.organisations, config: deps.config, partnership: deps.partnership,
      fields: { classification: true, learnedFrom: true, publish: false },
      idPrefix: 'edit-',
      onSaved: (result: AssetWriteResult) => {
        announce(`Saved changes to “${result.asset.name}”.`, 'success');
        deps.onUpdated(result.asset);
      },
      onCancel: () => {
        drawActions();
        actions.querySelector<HTMLButtonElement>('.edit-opener')?.focus();
      },
    });
    editForm.focusFirst();
  }

  function showReasonForm(action: 'reject' | 'archive'): void {
    clear(actions);
    const required = action === 'reject';
    const reason = h('textarea', { id: 'decision-reason', name: 'reason', rows: 3, required, 'aria-describedby': 'decision-reason-hint' });
    const form = h('form', { novalidate: true },
      h('div', { className: 'field', 'data-field': 'reason' },
        h('label', { for: reason.id }, required ? 'Why is it being rejected?' : 'Why archive it? (optional)'),
        h('p', { className: 'hint', id: 'decision-reason-hint' }, required ? 'The volunteer sees this. At least 3 characters.' : 'Kept in the record’s history.'),
        reason),
      h('div', { className: 'button-row' },
        h('button', { type: 'submit', className: required ? 'danger' : '' }, required ? 'Reject' : 'Archive'),
        h('button', { type: 'button', className: 'secondary', onclick: drawActions }, 'Cancel')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const text = reason.value.trim();
      if (required && text.length < 3) {
        showFieldErrors(form, new Map([['reason', 'Say why (3 or more characters)']]));
        return;
      }
      void decide(action, text ? { reason: text } : {}, `${required ? 'Rejected' : 'Archived'} “${asset.name}”.`, form);
    });
    actions.append(form);
    reason.focus();
  }

  async function merge(into: DuplicateCandidate & { id: string }): Promise<void> {
    if (!window.confirm(`Merge “${asset.name}” into “${into.name}”? “${into.name}” keeps its id; this record is archived and points to it (restore undoes it).`)) return;
    try {
      const res = await apiSend<{ asset: Asset; merged: Asset }>('POST', `/api/assets/${asset.id}/merge`, { survivorId: into.id });
      deps.onDone(res.merged, `Merged “${asset.name}” into “${res.asset.name}”.`);
    } catch (err) {
      announce(describeError(err), 'error');
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) deps.onOutOfDate();
    }
  }

  async function decide(action: 'publish' | 'reject' | 'verify' | 'archive', body: object, message: string, form?: HTMLFormElement): Promise<void> {
    actions.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      const res = await apiSend<{ asset: Asset; warnings?: { message: string }[] }>('POST', `/api/assets/${asset.id}/${action}`, body);
      // e.g. a sensitive record published at a place already shown exactly: say so with the outcome.
      deps.onDone(res.asset, [message, ...(res.warnings ?? []).map((w) => w.message)].join(' '));
    } catch (err) {
      actions.querySelectorAll('button').forEach((b) => (b.disabled = false));
      if (err instanceof ApiError && err.details.length && form) showFieldErrors(form, err.fieldErrors());
      else announce(describeError(err), 'error');
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) deps.onOutOfDate();
    }
  }
}

async function loadDuplicates(asset: Asset, vocab: Vocabulary, section: HTMLElement, onMerge: (d: DuplicateCandidate & { id: string }) => void): Promise<void> {
  if (!asset.sites.length) return;
  try {
    const res = await apiSend<{ items: DuplicateCandidate[] }>('POST', '/api/assets/duplicates', {
      name: asset.name,
      points: asset.sites.slice(0, 20).map((s) => ({ lat: s.lat, lng: s.lng })),
      excludeId: asset.id,
      category: asset.category,
      phone: asset.phone,
      email: asset.email,
      website: asset.website,
      organisationId: asset.organisation?.id ?? null,
      schedule: asset.schedule,
    });
    showDuplicates(section, res.items, vocab, 'Possible duplicates', undefined, onMerge);
    section.dataset.checked = String(res.items.length); // how many were offered (none: the section stays hidden)
  } catch (err) {
    section.hidden = false;
    section.textContent = `Could not check for duplicates: ${describeError(err)}`;
  }
}
