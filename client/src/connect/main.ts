/**
 * The community-connector finder (issue 20): a navigator sits with someone, says where
 * and what is needed, and hands over a list (printed, a short link, a text message).
 * Nothing about the person is stored: the search lives in the page's address only.
 */
import '../shared/styles.css';
import './connect.css';
import { apiGet, describeError, ApiError } from '../shared/api';
import { byId, clear } from '../shared/dom';
import { startPage } from '../shared/page';
import { announce } from '../shared/status';
import type { Partnership, Vocabulary } from '../shared/types';
import { loadVocabulary } from '../shared/vocabulary';
import { readChoices, renderChoices, understoodWords, writeChoices } from './choices';
import { createFinderMap, type FinderMap } from './finder-map';
import { renderAnswer } from './results-view';
import { fromQueryString, roundPoint, toQueryString, whereFromText, whereLabel, type FinderSearch, type Where } from './search-query';
import { SMS_LIMIT, textSummary } from './summary';
import type { FinderAnswer } from './types';

/** A printed page holds about ten results; so does a list anyone reads aloud. */
const RESULT_LIMIT = 10;

const form = byId<HTMLFormElement>('finder-form');
const whereInput = byId<HTMLInputElement>('where');
const whereNote = byId('where-note');
const whereError = byId('where-error');
const needsInput = byId<HTMLInputElement>('needs');
let point: { lat: number; lng: number } | null = null;
let vocab: Vocabulary;
let map: FinderMap | null = null;

/** Settles once the finder has started (true) or could not start (false). */
let markStarted!: (ok: boolean) => void;
const started = new Promise<boolean>((resolve) => { markStarted = resolve; });

// Registered before anything loads: "Find support" tapped while the page is still starting
// (a slow phone, a busy server) waits for it, where the form's own submission reloaded the
// page and lost what was typed.
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void started.then((ok) => { if (ok) submitSearch(); });
});

function submitSearch(): void {
  const search = currentSearch();
  if (!search) {
    whereError.textContent = 'Give a postcode or a town, tap the map, or use the location.';
    whereError.hidden = false;
    whereInput.focus();
    return;
  }
  void run(search);
}

function usePoint(lat: number, lng: number, how: string): void {
  point = roundPoint(lat, lng);
  whereInput.value = '';
  whereNote.textContent = `Using ${how} (rounded to about 100 m).`;
  whereError.hidden = true;
}

function currentSearch(): FinderSearch | null {
  const where: Where | null = whereFromText(whereInput.value) ?? point;
  if (!where) return null;
  return { where, needs: needsInput.value, ...readChoices(form) };
}

async function run(search: FinderSearch): Promise<void> {
  const query = toQueryString(search);
  history.replaceState(null, '', `/connect.html?${query}`);
  const answerBox = byId('answer');
  answerBox.setAttribute('aria-busy', 'true');
  let answer: FinderAnswer;
  try {
    answer = await apiGet<FinderAnswer>(`/api/connect/search?${query}&limit=${RESULT_LIMIT}`);
  } catch (err) {
    answerBox.removeAttribute('aria-busy');
    const field = err instanceof ApiError ? err.details?.[0]?.field : undefined;
    if (field === 'query.postcode' || field === 'query.town') {
      whereError.textContent = (err as ApiError).message;
      whereError.hidden = false;
      whereInput.focus();
    } else announce(`The search did not work: ${describeError(err)}`, 'error');
    return;
  }
  answerBox.removeAttribute('aria-busy');
  const label = answer.place.from === 'point' ? whereLabel(search.where) : answer.place.label;
  byId('understood').textContent = understoodWords(answer, vocab)
    + (answer.unreadWords.length ? `. Not understood: ${answer.unreadWords.join(', ')}` : '');
  clear(answerBox);
  answerBox.append(renderAnswer(answer, label, vocab.categories));
  byId('print-heading').textContent = `Support near ${label}`;
  byId('print-search').textContent = `${understoodWords(answer, vocab)}. Within ${answer.withinKm} km in a straight line. Printed ${new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}.`;
  showHandover(`${location.origin}/connect.html?${query}`, textSummary(answer, label));
  map?.show(answer);
  const shown = answer.results.length || (answer.nearestBeyond ? 1 : 0);
  announce(answer.results.length ? `${shown} ${shown === 1 ? 'result' : 'results'} near ${label}.`
    : answer.nearestBeyond ? `None within ${answer.withinKm} km of ${label}; the nearest is shown.` : `Nothing found near ${label}.`);
}

function showHandover(link: string, sms: string): void {
  byId('handover').hidden = false;
  byId<HTMLInputElement>('share-link').value = link;
  byId<HTMLTextAreaElement>('sms-text').value = sms;
  byId('sms-count').textContent = `${sms.length} of ${SMS_LIMIT} characters (two text messages at most).`;
}

async function copy(from: HTMLInputElement | HTMLTextAreaElement, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(from.value);
    announce(`${what} copied.`, 'success');
  } catch {
    from.select(); // no clipboard (plain http, old phone): selected, ready to copy by hand
    announce(`Select and copy the ${what.toLowerCase()} by hand.`);
  }
}

async function main(): Promise<void> {
  const start = await startPage('connect');
  if (!start) return markStarted(false);
  let partnership: Partnership;
  try {
    [vocab, partnership] = await Promise.all([loadVocabulary(), apiGet<Partnership>('/api/partnership')]);
  } catch (err) {
    announce(`The finder could not start: ${describeError(err)}`, 'error');
    return markStarted(false);
  }
  byId('more-choices').append(...renderChoices(vocab));
  if (partnership.bbox) map = createFinderMap(byId('finder-map'), start.config, partnership, (lat, lng) => usePoint(lat, lng, 'the point chosen on the map'));
  else byId('finder-map').hidden = true;

  whereInput.addEventListener('input', () => { point = null; whereNote.textContent = ''; whereError.hidden = true; });
  byId('locate').addEventListener('click', () => {
    if (!navigator.geolocation) { announce('This browser cannot give its location: type a postcode or a town.', 'error'); return; }
    navigator.geolocation.getCurrentPosition(
      (pos) => usePoint(pos.coords.latitude, pos.coords.longitude, "this phone's location"),
      () => announce("The phone's location is not available: type a postcode or a town.", 'error'),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 });
  });
  byId('print').addEventListener('click', () => window.print());
  byId('copy-link').addEventListener('click', () => void copy(byId<HTMLInputElement>('share-link'), 'Link'));
  byId('copy-sms').addEventListener('click', () => void copy(byId<HTMLTextAreaElement>('sms-text'), 'Text message'));
  markStarted(true);

  const opened = fromQueryString(location.search);
  if (opened) {
    if ('postcode' in opened.where) whereInput.value = opened.where.postcode;
    else if ('town' in opened.where) whereInput.value = opened.where.town;
    else usePoint(opened.where.lat, opened.where.lng, 'the point in the link');
    needsInput.value = opened.needs;
    writeChoices(form, opened);
    if (opened.category.length || opened.whoFor.length || opened.days.length || opened.times.length) byId<HTMLDetailsElement>('more').open = true;
    await run(opened);
  }
}

void main();
