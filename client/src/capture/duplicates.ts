/**
 * "Is this already on the map?" asked while the volunteer types, so they can stop before
 * sending a second copy. Only the latest question's answer is shown.
 */
import { apiSend, UnreachableError } from '../shared/api';
import { showDuplicates } from '../shared/duplicate-list';
import type { DuplicateCandidate, Vocabulary } from '../shared/types';
import type { LatLng } from '../asset-form/draft';

export function createDuplicateChecker(panel: HTMLElement, vocab: Vocabulary, onDiscard: () => void) {
  let latest = 0;
  let lastKey = '';

  async function check(name: string, point: LatLng | null): Promise<void> {
    const key = `${name.trim().toLowerCase()}|${point?.lat}|${point?.lng}`;
    if (key === lastKey) return;
    lastKey = key;
    const request = ++latest;
    if (name.trim().length < 2 || !point) {
      show([]);
      return;
    }
    try {
      const res = await apiSend<{ items: DuplicateCandidate[] }>('POST', '/api/assets/duplicates', { name: name.trim(), points: [point] });
      if (request === latest) show(res.items);
    } catch (err) {
      // Offline capture must still work: the check is a help, not a gate. Ask again next time.
      if (err instanceof UnreachableError) lastKey = '';
      else console.warn('Duplicate check failed:', err);
    }
  }

  function show(items: DuplicateCandidate[]): void {
    showDuplicates(panel, items, vocab, 'Is it already on the map?', onDiscard);
  }

  return { check, reset: () => { lastKey = ''; show([]); } };
}
