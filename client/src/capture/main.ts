/**
 * The phone-first capture page: place an asset, describe it, send it for review. The draft
 * lives on the device from the first keystroke; a send that cannot reach the server waits
 * in the outbox and goes when the connection is back.
 */
import { keepForOffline } from '../shared/offline';
import { v4 as uuidv4 } from 'uuid';
import '../shared/styles.css';
import './capture.css';
import { apiGet, apiSend, ApiError, describeError, UnreachableError } from '../shared/api';
import { byId, debounce, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { CAPTURE_ROLES, REVIEW_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { AssetWriteResult, Organisation, Partnership, Vocabulary } from '../shared/types';
import { loadVocabulary } from '../shared/vocabulary';
import { mountAssetForm } from '../asset-form/asset-form';
import { emptyDraft, isBlank, missingEssentials, toAssetRequest } from '../asset-form/draft';
import { DraftStore, type QueuedSubmission } from './draft-store';
import { createDuplicateChecker } from './duplicates';
import { showDuplicates } from '../shared/duplicate-list';
import { flushOutbox } from './outbox';
import { renderOutbox } from './outbox-view';

/** While something waits in the outbox, try again this often even if no `online` event comes. */
const RETRY_MS = 30_000;

async function main(): Promise<void> {
  const start = await startPage('capture');
  if (!start) return;
  const user = start.me.user;
  if (!user || !hasRole(user, CAPTURE_ROLES)) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(user
      ? h('p', {}, `Adding assets needs a peer volunteer, coordinator or administrator account. You are signed in as a ${user.role}.`)
      : h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' to add a recovery asset.'));
    return;
  }

  let vocab: Vocabulary, partnership: Partnership, organisations: Organisation[] | null;
  try {
    [vocab, partnership, organisations] = await Promise.all([
      loadVocabulary(),
      apiGet<Partnership>('/api/partnership'),
      apiGet<{ items: Organisation[] }>('/api/organisations').then((r) => r.items, () => null),
    ]);
  } catch (err) {
    announce(`The form could not load: ${describeError(err)}`, 'error');
    return;
  }
  const mayPublish = hasRole(user, REVIEW_ROLES);
  const store = new DraftStore(localStorage, user.id);
  const savedNote = h('span', { id: 'draft-saved' });
  const clearButton = h('button', { type: 'button', id: 'clear-draft', className: 'secondary' }, 'Start again');
  const formEl = byId<HTMLFormElement>('capture-form');
  formEl.hidden = false;
  const assetForm = mountAssetForm(formEl, {
    idPrefix: 'f-',
    vocab, organisations, config: start.config, partnership,
    // Classifying a record (commissioning, participation) and publishing at once are for coordinators.
    fields: { classification: mayPublish, learnedFrom: true, publish: mayPublish },
    intro: ['Your answers are kept on this device as you type, so nothing is lost if the page reloads or the signal drops. ', savedNote],
    submitLabel: mayPublish ? 'Save for review' : 'Send for review',
    extraButtons: [clearButton],
    onChange: () => save(),
  });
  const submitButton = assetForm.submitButton;
  submitButton.id = 'submit-asset';
  assetForm.afterWhat.id = 'duplicates';

  const duplicates = createDuplicateChecker(assetForm.afterWhat, vocab, () => startAgain(false));
  const checkDuplicates = debounce((name: string, at: { lat: number; lng: number } | null) => void duplicates.check(name, at), 700);

  const current = () => assetForm.read();
  let restoring = false;
  function save(): void {
    if (restoring) return;
    const draft = current();
    store.saveDraft(draft);
    savedNote.textContent = `Saved on this device at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`;
    submitButton.textContent = !mayPublish ? 'Send for review' : draft.publish ? 'Save and publish' : 'Save for review';
    checkDuplicates(draft.name, draft.point);
  }

  function restore(draft = store.loadDraft()): void {
    restoring = true;
    try {
      assetForm.write(draft, 'draft');
    } finally {
      restoring = false;
    }
  }

  function startAgain(ask: boolean): void {
    if (ask && !isBlank(current()) && !confirm('Clear this form? What you typed will be lost.')) return;
    store.clearDraft();
    restoring = true;
    try {
      assetForm.reset();
    } finally {
      restoring = false;
    }
    duplicates.reset();
    savedNote.textContent = '';
    drawOutbox();
  }

  restore();
  if (!isBlank(current())) announce('Your unsent draft is back, just as you left it.');
  clearButton.addEventListener('click', () => startAgain(true));

  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    const draft = current();
    assetForm.clearErrors();
    const missing = missingEssentials(draft);
    if (missing.size) {
      assetForm.showErrors(missing);
      return;
    }
    // One key per submission, kept through any resend, so a reply lost in transit cannot make a twin.
    const clientRequestId = uuidv4();
    const body = { ...toAssetRequest(draft, mayPublish), clientRequestId };
    submitButton.disabled = true;
    announce('Sending…');
    try {
      const result = await apiSend<AssetWriteResult>('POST', '/api/assets', body);
      startAgain(false);
      showAccepted([result]);
    } catch (err) {
      if (err instanceof UnreachableError || isSessionEnded(err)) {
        // Either way it waits on this device, under the same key, and goes once it can.
        store.enqueue({ clientId: clientRequestId, name: draft.name.trim(), body, draft });
        startAgain(false);
        if (isSessionEnded(err)) {
          showSessionEnded();
        } else {
          announce(`No connection: “${draft.name.trim()}” is kept on this device and will be sent when the connection is back.`, 'info');
          byId('outbox').focus();
        }
      } else if (err instanceof ApiError && err.details.length) {
        assetForm.showErrors(err.fieldErrors());
        announce('Some answers need another look.', 'error');
      } else {
        announce(describeError(err), 'error');
      }
    } finally {
      submitButton.disabled = false;
    }
  });

  /**
   * The session expired (or was ended elsewhere) while the page was open. What was sent waits
   * in the outbox; signing in brings the person back here, and the page sends it then, once.
   */
  function showSessionEnded(): void {
    const panel = byId('session-ended');
    const waiting = store.outbox().filter((q) => !q.refused).length;
    panel.replaceChildren(
      h('h2', { tabindex: '-1' }, 'Session ended, sign in again'),
      h('p', {}, waiting === 1
        ? 'Your session has ended, so the asset you sent is kept on this device and has not been sent yet. Sign in again and it will be sent.'
        : `Your session has ended, so ${waiting} assets are kept on this device and have not been sent yet. Sign in again and they will be sent.`),
      h('p', {}, h('a', { href: loginHref() }, 'Sign in again')),
    );
    panel.hidden = false;
    panel.querySelector<HTMLElement>('h2')!.focus();
  }

  function showAccepted(results: AssetWriteResult[]): void {
    const panel = byId('result');
    panel.hidden = false;
    panel.replaceChildren();
    for (const { asset, possibleDuplicates } of results) {
      const published = asset.status === 'published';
      panel.append(h('h2', {}, published ? `Published: ${asset.name}` : `Sent for review: ${asset.name}`),
        h('p', {}, published ? 'It is on the public map now.' : 'Thank you. A coordinator will check it before it goes on the public map.'));
      if (possibleDuplicates.length) {
        const dupes = h('div', {});
        showDuplicates(dupes, possibleDuplicates, vocab, 'The coordinator will compare it with');
        panel.append(dupes);
      }
    }
    panel.append(h('div', { className: 'button-row' },
      h('button', { type: 'button', onclick: () => { panel.hidden = true; assetForm.focusFirst(); } }, 'Add another asset')));
    announce(results.length === 1 ? `Saved: ${results[0]!.asset.name}.` : `${results.length} saved assets were sent.`, 'success');
    panel.focus();
  }

  // The outbox: send on load, when the browser says it is back online, and every so often.
  let flushing = false;
  async function sendWaiting(): Promise<void> {
    if (flushing || !store.outbox().some((q) => !q.refused)) return;
    flushing = true;
    try {
      const outcome = await flushOutbox(store, (body) => apiSend<AssetWriteResult>('POST', '/api/assets', body));
      if (outcome.sent.length) showAccepted(outcome.sent.map((s) => s.result));
      if (outcome.refused.length) announce(`The server did not accept ${outcome.refused.map((r) => `“${r.name}”`).join(', ')}. See “Kept on this device”.`, 'error');
      if (outcome.stoppedBecause === 'signed_out') showSessionEnded();
      else if (outcome.sent.length) byId('session-ended').hidden = true;
    } finally {
      flushing = false;
      drawOutbox();
    }
  }
  function drawOutbox(): void {
    renderOutbox(byId('outbox'), store.outbox(), {
      sendNow: () => void sendWaiting(),
      formIsBlank: () => isBlank(current()),
      reopen: (item: QueuedSubmission) => {
        store.remove(item.clientId);
        restore({ ...emptyDraft(), ...item.draft });
        save();
        drawOutbox();
        if (item.refused?.details.length) assetForm.showErrors(new Map(item.refused.details.map((d) => [d.field, d.message])));
      },
    });
  }
  byId('outbox').tabIndex = -1;
  drawOutbox();
  window.addEventListener('online', () => void sendWaiting());
  setInterval(() => void sendWaiting(), RETRY_MS);
  void sendWaiting();
}

/** 401: the session expired or was ended elsewhere (not "your role may not", which is 403). */
function isSessionEnded(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}

keepForOffline();
void main();
