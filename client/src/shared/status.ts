/**
 * Status messages for screen-reader users and everyone else: one polite live region per
 * page (#status, in the page's HTML so it exists before anything is announced).
 */
import { byId } from './dom';

export type Tone = 'info' | 'success' | 'error';

export function announce(message: string, tone: Tone = 'info'): void {
  const region = byId('status');
  region.dataset.tone = tone;
  // Clearing first makes screen readers repeat a message that is the same as the last one.
  region.textContent = '';
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}
