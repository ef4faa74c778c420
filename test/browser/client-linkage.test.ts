/**
 * The linkage pages' pure logic (client/src), without a browser: the pathway arcs' bend,
 * the call-attempt outbox (kept until accepted, refusals marked, a double tap queued once),
 * how rates are written, and the colours' contrast.
 */
import { ApiError, UnreachableError } from '../../client/src/shared/api';
import { flushQueue, StoredQueue, type KeyValueStore } from '../../client/src/shared/outbox';
import { arcCoordinates, type LngLat } from '../../client/src/map/pathway-geometry';
import { attemptQueue, type QueuedAttempt } from '../../client/src/calls/attempt-queue';
import {
  describeRate, inkOn, mayReadResults, OPEN_COLOUR, OUTCOME_COLOURS, PATHWAY_CASING, percent, RATE_SHADES, shadeFor, UNREACHABLE_COLOUR,
} from '../../client/src/shared/linkage';
import { contrastRatio } from '../../client/src/shared/palette';
import { BACKGROUND_COLOUR } from '../../client/src/map/map-style';

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('pathway arcs', () => {
  const a: LngLat = [-1.9, 53.72];
  const b: LngLat = [-1.86, 53.72];
  it('start at A and end at B exactly', () => {
    const arc = arcCoordinates(a, b);
    expect(arc[0]).toEqual(a);
    expect(arc[arc.length - 1]![0]).toBeCloseTo(b[0], 12);
    expect(arc[arc.length - 1]![1]).toBeCloseTo(b[1], 12);
    expect(arc).toHaveLength(17);
  });
  it('bow to the right of the direction of travel, so A → B and B → A are apart', () => {
    // Travelling east, the right-hand side is south: the middle of the arc is below the chord.
    const east = arcCoordinates(a, b);
    const west = arcCoordinates(b, a);
    expect(east[8]![1]).toBeLessThan(53.72);
    expect(west[8]![1]).toBeGreaterThan(53.72);
    // The midpoint's offset is bend / 2 of the chord (a quadratic Bézier reaches half its control offset):
    // chord 0.04° of longitude × cos(53.72°) in the local plane, 0.18 / 2 of it.
    const chord = 0.04 * Math.cos((53.72 * Math.PI) / 180);
    expect(53.72 - east[8]![1]).toBeCloseTo(chord * 0.09, 10);
  });
  it('leave a zero-length pathway as it is', () => {
    expect(arcCoordinates(a, a)).toEqual([a, a]);
  });
});

describe('call-attempt outbox', () => {
  const attempt = (clientId: string, pairId: string): QueuedAttempt => ({
    clientId, pairId, pairNumber: 1, summary: 'A about B', queuedAt: '2026-11-24T10:00:00Z', attempts: 0,
    body: { attemptedAt: '2026-11-24T10:00:00Z', mode: 'phone', result: 'no_answer', clientRequestId: clientId },
  });

  it('keeps attempts per user, queues a double tap once, and sends with the clientRequestId', async () => {
    const storage = memoryStore();
    const queue = attemptQueue(storage, 'user-1');
    queue.enqueue(attempt('c1', 'p1'));
    queue.enqueue(attempt('c1', 'p1'));
    queue.enqueue(attempt('c2', 'p2'));
    expect([...storage.map.keys()]).toEqual(['waymark.calls.v1.user-1.outbox']);
    expect(queue.outbox().map((q) => q.clientId)).toEqual(['c1', 'c2']);
    const sent: unknown[] = [];
    const outcome = await flushQueue(queue, async (body, item) => {
      sent.push([item.pairId, body.clientRequestId]);
      return { ok: true };
    });
    expect(sent).toEqual([['p1', 'c1'], ['p2', 'c2']]);
    expect(outcome).toMatchObject({ waiting: 0, stoppedBecause: 'done' });
    expect(storage.map.size).toBe(0);
  });

  it('stops when the server cannot be reached and keeps everything for later', async () => {
    const queue = attemptQueue(memoryStore(), 'u');
    queue.enqueue(attempt('c1', 'p1'));
    queue.enqueue(attempt('c2', 'p2'));
    let calls = 0;
    const outcome = await flushQueue(queue, async () => {
      calls++;
      throw new UnreachableError('/api/campaign-pairs/p1/attempts', new Error('offline'));
    });
    expect(calls).toBe(1);
    expect(outcome).toMatchObject({ waiting: 2, stoppedBecause: 'unreachable', sent: [] });
    expect(queue.outbox().map((q) => q.attempts)).toEqual([1, 0]);
  });

  it('marks an attempt the server refuses, keeps it, and goes on with the next', async () => {
    const queue = attemptQueue(memoryStore(), 'u');
    queue.enqueue(attempt('c1', 'p1'));
    queue.enqueue(attempt('c2', 'p2'));
    const outcome = await flushQueue(queue, async (_body, item) => {
      if (item.pairId === 'p1') throw new ApiError(409, 'campaign_closed', 'This campaign is closed.', [], '/x');
      return { ok: true };
    });
    expect(outcome.sent.map((s) => s.item.clientId)).toEqual(['c2']);
    expect(queue.outbox()).toEqual([expect.objectContaining({ clientId: 'c1', refused: { message: 'This campaign is closed.', details: [] } })]);
    // A refused attempt is not resent by itself.
    const again = await flushQueue(queue, async () => { throw new Error('must not be called'); });
    expect(again).toMatchObject({ sent: [], waiting: 0 });
  });

  it('reads a damaged store as empty rather than failing', () => {
    const storage = memoryStore();
    storage.setItem('k', '{not json');
    expect(new StoredQueue(storage, 'k').outbox()).toEqual([]);
  });
});

describe('rates in words', () => {
  it('writes a rate with its interval to one decimal, and says when there is nothing to count', () => {
    // R: prop.test(3, 4, correct = FALSE)$conf.int = 0.3006418 0.9544127
    expect(describeRate({ x: 3, n: 4, estimate: 0.75, lower: 0.3006418, upper: 0.9544127 })).toBe('75.0% (95% CI 30.1%–95.4%)');
    expect(describeRate({ x: 0, n: 0, estimate: null, lower: null, upper: null })).toBe('no pairs yet');
    expect(percent(0.0005)).toBe('0.1%');
    expect(percent(null)).toBe('–');
  });
});

describe('linkage colours', () => {
  it('shade rates in five equal bands, with readable text on each', () => {
    expect([0, 0.19, 0.2, 0.5, 0.79, 0.8, 1].map(shadeFor)).toEqual([RATE_SHADES[0], RATE_SHADES[0], RATE_SHADES[1], RATE_SHADES[2], RATE_SHADES[3], RATE_SHADES[4], RATE_SHADES[4]]);
    for (const shade of RATE_SHADES) expect(contrastRatio(shade, inkOn(shade))).toBeGreaterThanOrEqual(4.5);
    // Each band darker than the last, so the order reads in greyscale.
    const lum = RATE_SHADES.map((s) => contrastRatio(s, '#ffffff'));
    expect([...lum].sort((x, y) => x - y)).toEqual(lum);
  });
  it('keep every pathway line at least 3:1 against the map (WCAG 1.4.11): directly or by its casing', () => {
    expect(contrastRatio(PATHWAY_CASING, BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(UNREACHABLE_COLOUR, BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(OPEN_COLOUR, BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(3);
    expect(new Set(Object.values(OUTCOME_COLOURS)).size).toBe(4);
  });
});

describe('whose results a viewer is offered', () => {
  it('follows the API: team any drawn campaign, commissioner closed ones, everyone published ones, callers nothing in progress', () => {
    const inProgress = { status: 'in_progress' as const, published: false };
    const closed = { status: 'closed' as const, published: false };
    const published = { status: 'closed' as const, published: true };
    const draft = { status: 'draft' as const, published: false };
    const table = (['researcher', 'coordinator', 'admin', 'commissioner', 'volunteer', null] as const).map((role) =>
      [role, [draft, inProgress, closed, published].map((c) => mayReadResults(c, role))]);
    expect(table).toEqual([
      ['researcher', [false, true, true, true]],
      ['coordinator', [false, true, true, true]],
      ['admin', [false, true, true, true]],
      ['commissioner', [false, false, true, true]],
      ['volunteer', [false, false, false, true]],
      [null, [false, false, false, true]],
    ]);
  });
});
