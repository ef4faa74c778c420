/**
 * The capture page's draft → request conversion and its outbox (client/src/capture), without
 * a browser: storage is a Map, and the network is a function that succeeds or throws the
 * errors the api client throws.
 */
import { ApiError, UnreachableError } from '../../client/src/shared/api';
import { emptyDraft, isBlank, missingEssentials, toAssetRequest } from '../../client/src/asset-form/draft';
import { DraftStore, type KeyValueStore } from '../../client/src/capture/draft-store';
import { flushOutbox } from '../../client/src/capture/outbox';
import type { AssetWriteResult } from '../../client/src/shared/types';

function memoryStore(): KeyValueStore & { keys(): string[] } {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

const accepted = (name: string) => ({ asset: { name, status: 'pending' }, possibleDuplicates: [] }) as unknown as AssetWriteResult;

describe('toAssetRequest', () => {
  it('sends typed answers, leaves blanks out, drops empty schedule rows and turns yes/no into booleans', () => {
    const draft = {
      ...emptyDraft(),
      point: { lat: 53.72, lng: -1.86 },
      postcode: ' HX1 1AA ',
      name: '  Halifax Recovery Café ',
      category: 'recovery_community',
      whoFor: ['women'],
      peerLed: true,
      schedule: [{ day: '2', start: '19:00', end: '20:30' }, { day: '', start: '', end: '' }, { day: '4', start: '10:00', end: '' }],
      selfReferral: 'yes' as const,
      wheelchairAccess: 'no' as const,
      email: '   ',
      publish: true,
    };
    expect(toAssetRequest(draft, false)).toEqual({
      name: 'Halifax Recovery Café',
      category: 'recovery_community',
      tags: [],
      sensitive: false,
      schedule: [{ day: 2, start: '19:00', end: '20:30' }, { day: 4, start: '10:00' }],
      whoFor: ['women'],
      selfReferral: true,
      wheelchairAccess: false,
      peerLed: true,
      sites: [{ lat: 53.72, lng: -1.86, postcode: 'HX1 1AA' }],
    });
    expect(toAssetRequest(draft, true).publish).toBe(true);
  });

  it('names what must be there before sending', () => {
    expect([...missingEssentials(emptyDraft()).keys()]).toEqual(['sites', 'name', 'category']);
    expect(isBlank(emptyDraft())).toBe(true);
    expect(isBlank({ ...emptyDraft(), schedule: [{ day: '', start: '', end: '' }] })).toBe(true);
    expect(isBlank({ ...emptyDraft(), name: 'x' })).toBe(false);
  });
});

describe('DraftStore', () => {
  it('keeps each user’s draft and outbox apart', () => {
    const storage = memoryStore();
    const vic = new DraftStore(storage, 'vic');
    const sam = new DraftStore(storage, 'sam');
    vic.saveDraft({ ...emptyDraft(), name: 'Vic’s group' });
    expect(sam.loadDraft()).toEqual(emptyDraft());
    expect(vic.loadDraft().name).toBe('Vic’s group');
    vic.clearDraft();
    expect(storage.keys()).toEqual([]);
  });

  it('loads a draft saved by an older page over today’s empty draft, and survives garbage', () => {
    const storage = memoryStore();
    storage.setItem('waymark.capture.v1.vic.draft', JSON.stringify({ name: 'Old shape' }));
    expect(new DraftStore(storage, 'vic').loadDraft()).toEqual({ ...emptyDraft(), name: 'Old shape' });
    storage.setItem('waymark.capture.v1.vic.draft', '{not json');
    expect(new DraftStore(storage, 'vic').loadDraft()).toEqual(emptyDraft());
  });
});

describe('flushOutbox', () => {
  function storeWith(...names: string[]): DraftStore {
    const store = new DraftStore(memoryStore(), 'vic');
    for (const name of names) store.enqueue({ clientId: name, name, body: { name }, draft: { ...emptyDraft(), name } });
    return store;
  }

  it('sends oldest first and removes only what the server accepted', async () => {
    const store = storeWith('first', 'second');
    const sent: unknown[] = [];
    const outcome = await flushOutbox(store, async (body) => {
      sent.push(body);
      return accepted(String(body.name));
    });
    expect(sent).toEqual([{ name: 'first' }, { name: 'second' }]);
    expect(outcome).toMatchObject({ waiting: 0, stoppedBecause: 'done', refused: [] });
    expect(store.outbox()).toEqual([]);
  });

  it('keeps everything and stops when the server cannot be reached', async () => {
    const store = storeWith('first', 'second');
    let calls = 0;
    const outcome = await flushOutbox(store, async () => {
      calls++;
      throw new UnreachableError('/api/assets', new TypeError('Failed to fetch'));
    });
    expect(calls).toBe(1);
    expect(outcome).toMatchObject({ sent: [], waiting: 2, stoppedBecause: 'unreachable' });
    expect(store.outbox().map((q) => [q.name, q.attempts])).toEqual([['first', 1], ['second', 0]]);
  });

  it('marks a refused submission for the volunteer, keeps it, and carries on with the rest', async () => {
    const store = storeWith('bad', 'good');
    const outcome = await flushOutbox(store, async (body) => {
      if (body.name === 'bad') throw new ApiError(400, 'validation_failed', 'email: Invalid email', [{ field: 'email', message: 'Invalid email' }], '/api/assets');
      return accepted('good');
    });
    expect(outcome.sent.map((s) => s.item.name)).toEqual(['good']);
    expect(outcome.refused.map((r) => r.name)).toEqual(['bad']);
    expect(store.outbox()).toEqual([expect.objectContaining({ name: 'bad', refused: { message: 'email: Invalid email', details: [{ field: 'email', message: 'Invalid email' }] } })]);
    // A refused item is not sent again until the volunteer has fixed it.
    const again = await flushOutbox(store, async () => { throw new Error('must not be called'); });
    expect(again).toMatchObject({ sent: [], waiting: 0, stoppedBecause: 'done' });
  });

  it('stops without marking anything when the session has ended or the server fails', async () => {
    for (const [status, reason] of [[401, 'signed_out'], [500, 'server_error']] as const) {
      const store = storeWith('first');
      const outcome = await flushOutbox(store, async () => { throw new ApiError(status, 'x', 'x', [], '/api/assets'); });
      expect(outcome.stoppedBecause).toBe(reason);
      expect(store.outbox().map((q) => [q.name, q.refused])).toEqual([['first', undefined]]);
    }
  });
});
