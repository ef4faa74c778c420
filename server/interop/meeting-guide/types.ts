import fs from 'node:fs';
import path from 'node:path';
import type { whoForCodes } from '../../domain/vocabulary';

/**
 * Meeting Guide type codes (standards/meeting-guide/types.json) and what Waymark makes of
 * them: who-for tags for the groups a meeting is for, wheelchair access, and readable
 * labels for everything else (kept as tags and in the schedule note).
 */
type WhoFor = (typeof whoForCodes)[number];

const FILE = path.resolve(__dirname, '..', '..', '..', 'standards', 'meeting-guide', 'types.json');
let labels: Record<string, string> | null = null;

export function typeLabel(code: string): string | undefined {
  if (!labels) {
    const all = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, { en?: string }>;
    labels = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.en ?? k]));
  }
  return labels[code];
}

export const WHO_FOR_OF_TYPE: Record<string, WhoFor> = {
  W: 'women', M: 'men', LGBTQ: 'lgbtq', G: 'lgbtq', L: 'lgbtq', BI: 'lgbtq', T: 'lgbtq', NB: 'lgbtq', Y: 'young_adults', SEN: 'older_people',
};
/** The reverse, for export: one code per who-for tag. */
export const TYPE_OF_WHO_FOR: Partial<Record<WhoFor, string>> = { women: 'W', men: 'M', lgbtq: 'LGBTQ', young_adults: 'Y', older_people: 'SEN' };

export const WHEELCHAIR = 'X';
export const ONLINE_TAG = 'online';

/** A tag that is a type's label (as the importer writes them) → the type code. */
export function typeCodeOfLabel(tag: string): string | undefined {
  typeLabel('O');
  const entry = Object.entries(labels!).find(([, label]) => label.toLowerCase() === tag.toLowerCase());
  return entry?.[0];
}
