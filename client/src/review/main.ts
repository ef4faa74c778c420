/**
 * The coordinator's queue: records waiting for review, and published ones nobody has
 * checked for a year. Pick one from the list (or the map), decide, and the next one opens.
 */
import '../shared/styles.css';
import './review.css';
import { apiGet, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { REVIEW_ROLES, hasRole, loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { Asset, Organisation, Partnership, Vocabulary } from '../shared/types';
import { loadVocabulary } from '../shared/vocabulary';
import { renderQueueList, type QueueKind as Queue } from './queue-list';
import { createQueueMap, type QueueMap } from './queue-map';
import { renderReviewPanel } from './review-panel';
import { setUpTabs } from './tabs';
import { renderQueueTools, type QueueFilter } from './queue-tools';

/** The API's page limit for the review lists. */
const QUEUE_LIMIT = 500;
const EMPTY_TEXT: Record<Queue, string> = {
  pending: 'Nothing is waiting for review.',
  stale: 'Every published asset has been checked in the last year.',
};

async function main(): Promise<void> {
  const start = await startPage('review');
  if (!start) return;
  const user = start.me.user;
  if (!user || !hasRole(user, REVIEW_ROLES)) {
    const gate = byId('gate');
    gate.hidden = false;
    gate.append(user
      ? h('p', {}, `The review queue is for coordinators and administrators. You are signed in as a ${user.role}.`)
      : h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' as a coordinator to review assets.'));
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
    announce(`The review page could not load: ${describeError(err)}`, 'error');
    return;
  }
  byId('review').hidden = false;
  const config = start.config;

  let queue: Queue = 'pending';
  let items: Asset[] = [];
  let selectedId: string | null = null;
  const list = byId('queue-list');
  const detail = byId('review-detail');
  const map: QueueMap = createQueueMap(byId('queue-map'), start.config, partnership, (id) => {
    const asset = items.find((a) => a.id === id);
    if (asset) select(asset, true);
  });

  let filter: QueueFilter = {};
  const tools = h('div', {});
  list.before(tools);
  const queueTools = renderQueueTools(tools, vocab, (f) => { filter = f; void load(queue); }, () => (queue === 'pending' ? items.map((a) => a.id) : []), () => void load('pending'));

  function draw(): void {
    byId('publish-shown').hidden = queue !== 'pending' || !items.length;
    renderQueueList(list, queue, items, vocab, selectedId, EMPTY_TEXT[queue], (asset) => select(asset, true));
    map.show(items, selectedId);
  }

  function select(asset: Asset | null, focus: boolean): void {
    selectedId = asset?.id ?? null;
    draw();
    clear(detail);
    if (!asset) {
      detail.append(h('p', { className: 'hint' }, items.length ? 'Choose an asset from the list to review it.' : EMPTY_TEXT[queue]));
      return;
    }
    renderReviewPanel(detail, asset, {
      vocab,
      organisations,
      config,
      partnership,
      queue,
      onDone: (done, message) => {
        void queueTools.refreshSubmitters();
        const index = items.findIndex((a) => a.id === done.id);
        items = items.filter((a) => a.id !== done.id);
        updateCount(queue, items.length);
        announce(message, 'success');
        select(items[Math.min(index, items.length - 1)] ?? null, true);
      },
      onUpdated: (updated) => {
        items = items.map((a) => (a.id === updated.id ? updated : a));
        select(updated, true);
      },
      onOutOfDate: () => void load(queue),
    });
    if (focus) detail.querySelector<HTMLElement>('#review-heading')?.focus();
  }

  async function load(which: Queue): Promise<void> {
    queue = which;
    list.setAttribute('aria-busy', 'true');
    try {
      items = (await apiGet<{ items: Asset[] }>(`/api/review/${which === 'pending' ? 'queue' : 'stale'}`, { limit: QUEUE_LIMIT, ...(which === 'pending' ? filter : {}) })).items;
      updateCount(which, items.length);
      select(items.find((a) => a.id === selectedId) ?? null, false);
    } catch (err) {
      announce(`Could not load the queue: ${describeError(err)}`, 'error');
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  setUpTabs([byId<HTMLButtonElement>('tab-pending'), byId<HTMLButtonElement>('tab-stale')], byId('queue-panel'), (tab) => {
    selectedId = null;
    void load(tab.id === 'tab-stale' ? 'stale' : 'pending');
  });
  await load('pending');
  // The other tab's count, so a coordinator sees at a glance whether it needs a visit.
  apiGet<{ items: Asset[] }>('/api/review/stale', { limit: QUEUE_LIMIT }).then((r) => updateCount('stale', r.items.length), () => undefined);
}

function updateCount(queue: Queue, n: number): void {
  byId(`count-${queue}`).textContent = `(${n >= QUEUE_LIMIT ? `${QUEUE_LIMIT}+` : n})`;
}

void main();
