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
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { pointInPolygon } from '../shared/geometry';
import { startPage } from '../shared/page';
import { CAPTURE_ROLES, REVIEW_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { AssetWriteResult, Organisation, Partnership, PostcodeLookup, Vocabulary } from '../shared/types';
import { loadVocabulary } from '../shared/vocabulary';
import { createCaptureMap, type PlaceSource } from './capture-map';
import { isBlank, missingEssentials, toAssetRequest, type LatLng } from './draft';
import { DraftStore, type QueuedSubmission } from './draft-store';
import { createDuplicateChecker } from './duplicates';
import { showDuplicates } from '../shared/duplicate-list';
import { fillChoices, readDraft, writeDraft } from './form-binding';
import { flushOutbox } from './outbox';
import { renderOutbox } from './outbox-view';
import { addScheduleRow, renderScheduleRows } from './schedule-rows';

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

  const form = byId<HTMLFormElement>('capture-form');
  const scheduleContainer = byId('schedule-rows');
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
  fillChoices(form, vocab, organisations);
  byId('publish-field').hidden = !mayPublish;
  form.hidden = false;

  const store = new DraftStore(localStorage, user.id);
  let point: LatLng | null = null;
  const readout = byId('point-readout');
  const savedNote = byId('draft-saved');
  const submitButton = byId<HTMLButtonElement>('submit-asset');

  const duplicates = createDuplicateChecker(byId('duplicates'), vocab, () => startAgain(false));
  const checkDuplicates = debounce((name: string, at: LatLng | null) => void duplicates.check(name, at), 700);

  const current = () => readDraft(form, point, scheduleContainer);
  const save = () => {
    const draft = current();
    store.saveDraft(draft);
    savedNote.textContent = `Saved on this device at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`;
    submitButton.textContent = !mayPublish ? 'Send for review' : draft.publish ? 'Save and publish' : 'Save for review';
    checkDuplicates(draft.name, draft.point);
  };

  const describePoint = (p: LatLng | null, source: PlaceSource) => {
    if (!p) {
      readout.textContent = 'No place chosen yet.';
      return;
    }
    const how = { map: 'from the map', location: 'from your location', postcode: 'from the postcode', centre: "at the map's centre", draft: 'from your draft' }[source];
    const outside = partnership.boundary && !pointInPolygon(p.lng, p.lat, partnership.boundary);
    readout.textContent = `Pin placed ${how}: ${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}.` + (outside ? ` This is outside ${partnership.name}: please check it.` : '');
    readout.classList.toggle('warn', !!outside);
  };

  const map = createCaptureMap(byId('capture-map'), start.config, partnership, (p, source) => {
    point = p;
    describePoint(p, source);
    clearFieldErrors(form.querySelector<HTMLElement>('[data-field="sites"]')!);
    save();
  });

  function restore(draft = store.loadDraft()): void {
    writeDraft(form, draft, scheduleContainer, save);
    point = draft.point;
    if (draft.point) map.place(draft.point, 'draft', 15);
    else map.clear();
    describePoint(point, 'draft');
  }

  function startAgain(ask: boolean): void {
    if (ask && !isBlank(current()) && !confirm('Clear this form? What you typed will be lost.')) return;
    store.clearDraft();
    form.reset();
    renderScheduleRows(scheduleContainer, [], save);
    map.clear();
    point = null;
    describePoint(null, 'draft');
    duplicates.reset();
    clearFieldErrors(form);
    savedNote.textContent = '';
    drawOutbox();
  }

  restore();
  if (!isBlank(current())) announce('Your unsent draft is back, just as you left it.');
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  byId('add-session').addEventListener('click', () => addScheduleRow(scheduleContainer, save));
  byId('clear-draft').addEventListener('click', () => startAgain(true));
  byId('use-centre').addEventListener('click', () => map.place(map.centre(), 'centre'));
  byId('use-location').addEventListener('click', () => useMyLocation((p) => map.place(p, 'location', 16)));
  const postcodeInput = byId<HTMLInputElement>('f-postcode');
  byId('find-postcode').addEventListener('click', () => void findPostcode());
  postcodeInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void findPostcode();
    }
  });

  async function findPostcode(): Promise<void> {
    const wrapper = form.querySelector<HTMLElement>('[data-field="sites.0.postcode"]')!;
    clearFieldErrors(wrapper);
    const typed = postcodeInput.value.trim();
    if (!typed) {
      showFieldErrors(wrapper, new Map([['sites.0.postcode', 'Enter a postcode to find']]));
      return;
    }
    try {
      const found = await apiGet<PostcodeLookup>(`/api/postcodes/${encodeURIComponent(typed)}`);
      postcodeInput.value = found.postcode;
      map.place({ lat: found.lat, lng: found.lng }, 'postcode', 16);
      announce(found.terminated ? `${found.postcode} is no longer in use; the pin is at its old centre. Please check it.` : `Pin placed at ${found.postcode}.`);
    } catch (err) {
      const message = err instanceof ApiError && err.status === 404 ? 'We could not find this postcode'
        : err instanceof ApiError && err.status === 400 ? 'This is not a UK postcode' : describeError(err);
      showFieldErrors(wrapper, new Map([['sites.0.postcode', message]]));
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const draft = current();
    clearFieldErrors(form);
    const missing = missingEssentials(draft);
    if (missing.size) {
      showFieldErrors(form, missing);
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
      if (err instanceof UnreachableError) {
        store.enqueue({ clientId: clientRequestId, name: draft.name.trim(), body, draft });
        startAgain(false);
        announce(`No connection: “${draft.name.trim()}” is kept on this device and will be sent when the connection is back.`, 'info');
        byId('outbox').focus();
      } else if (err instanceof ApiError && err.details.length) {
        showFieldErrors(form, err.fieldErrors());
        announce('Some answers need another look.', 'error');
      } else {
        announce(describeError(err), 'error');
      }
    } finally {
      submitButton.disabled = false;
    }
  });

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
      h('button', { type: 'button', onclick: () => { panel.hidden = true; byId('f-name').focus(); } }, 'Add another asset')));
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
      if (outcome.stoppedBecause === 'signed_out') announce('Your session has ended: sign in again to send what is waiting.', 'error');
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
        restore(item.draft);
        save();
        drawOutbox();
        if (item.refused?.details.length) showFieldErrors(form, new Map(item.refused.details.map((d) => [d.field, d.message])));
      },
    });
  }
  byId('outbox').tabIndex = -1;
  drawOutbox();
  window.addEventListener('online', () => void sendWaiting());
  setInterval(() => void sendWaiting(), RETRY_MS);
  void sendWaiting();
}

function useMyLocation(place: (p: LatLng) => void): void {
  if (!('geolocation' in navigator)) {
    announce('This browser cannot share your location. Tap the map or use a postcode.', 'error');
    return;
  }
  announce('Finding your location…');
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      place({ lat: pos.coords.latitude, lng: pos.coords.longitude });
      announce(`Pin placed at your location (accurate to about ${Math.round(pos.coords.accuracy)} m). Drag it if needed.`);
    },
    (err) => announce(err.code === err.PERMISSION_DENIED ? 'Location permission was refused. Tap the map or use a postcode.' : `Could not find your location: ${err.message}`, 'error'),
    { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
  );
}

keepForOffline();
void main();
