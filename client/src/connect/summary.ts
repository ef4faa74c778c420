/**
 * The words of a finder result, and the text-message summary to copy. Pure.
 */
import { describeSchedule } from '../shared/schedule';
import type { FinderAnswer, FinderItem } from './types';

/** "350 m", "1.2 km", "12 km": straight-line distance as people say it. */
export function distanceWords(metres: number): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
  if (metres < 10_000) return `${(Math.round(metres / 100) / 10).toFixed(1)} km`;
  return `${Math.round(metres / 1000)} km`;
}

export const COST_WORDS: Record<string, string> = { free: 'Free', low_cost: 'Low cost', paid: 'Paid', varies: 'Cost varies' };

export function scheduleWords(item: Pick<FinderItem, 'schedule' | 'scheduleNotes'>): string[] {
  const lines = describeSchedule(item.schedule);
  if (item.scheduleNotes) lines.push(item.scheduleNotes);
  return lines;
}

/** The first way to get in touch: phone, else website, else email. */
export function contactWords(item: Pick<FinderItem, 'contact'>): string | null {
  return item.contact.phone ?? item.contact.website ?? item.contact.email ?? null;
}

/** Where it is, as public: venue and postcode, or only the area for a sensitive place. */
export function placeWords(item: Pick<FinderItem, 'place'>): string {
  const p = item.place;
  if (!p) return 'Online';
  if (p.locationPrecision !== 'exact') return `Area ${p.postcode ?? 'shown on the map'} (address given on contact)`;
  return [p.venueName, p.address, p.postcode].filter(Boolean).join(', ') || 'Place on the map';
}

/**
 * Two text-message parts of 153 characters each (a 306-character concatenated SMS), in
 * the GSM 7-bit alphabet: curly quotes, dashes and accents are written plainly, since one
 * character outside it would cut a part to 67.
 */
export const SMS_LIMIT = 306;

export function plainGsm(text: string): string {
  return text
    .replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/…/g, '...')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\n£]/g, '');
}

function summaryLine(n: number, item: FinderItem): string {
  const when = describeSchedule(item.schedule)[0];
  const parts = [`${n}. ${item.name}`, when, item.distanceMetres === null ? 'online' : distanceWords(item.distanceMetres), contactWords(item)];
  return plainGsm(parts.filter(Boolean).join(', '));
}

/** As many results as fit in SMS_LIMIT characters, nearest first, stopping at the first that does not: never a cut line. */
export function textSummary(answer: FinderAnswer, placeLabel: string): string {
  const items = answer.results.length ? answer.results : answer.nearestBeyond ? [answer.nearestBeyond] : [];
  let text = plainGsm(items.length || answer.online.length ? `Support near ${placeLabel}:` : `Nothing found near ${placeLabel}.`);
  for (const [i, item] of items.concat(answer.online).entries()) {
    const next = `${text}\n${summaryLine(i + 1, item)}`;
    if (next.length > SMS_LIMIT) break;
    text = next;
  }
  return text;
}
