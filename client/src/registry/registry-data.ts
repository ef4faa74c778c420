/**
 * The published registry as rows and counts, for commissioners and researchers. Pure (no
 * DOM, no fetch), so the figures are unit-tested (test/browser/client-registry.test.ts).
 * Built from the API's view of each record, so sensitive places are already masked.
 */
import type { Asset, Term } from '../shared/types';

export type Count = { code: string | null; label: string; count: number };

/** How many records have each value of a field, every vocabulary term listed (even at 0), then "Not recorded". */
export function countBy(items: Asset[], value: (a: Asset) => string | null, terms: readonly Term[]): Count[] {
  const counts = new Map<string | null, number>();
  for (const a of items) counts.set(value(a), (counts.get(value(a)) ?? 0) + 1);
  const known = terms.map((t) => ({ code: t.code, label: t.label, count: counts.get(t.code) ?? 0 }));
  const missing = items.length - known.reduce((s, c) => s + c.count, 0);
  return [...known, { code: null, label: 'Not recorded', count: missing }];
}

export const REGISTRY_COLUMNS = [
  'name', 'category', 'organisation', 'venue', 'postcode', 'latitude', 'longitude', 'location_precision',
  'phone', 'email', 'website', 'who_for', 'peer_led', 'commissioning', 'participation_level', 'last_verified',
] as const;

export function registryRow(a: Asset, label: (kind: 'categories' | 'commissioning' | 'participationLevels' | 'whoFor', code: string | null) => string): string[] {
  const site = a.sites[0];
  return [
    a.name, label('categories', a.category), a.organisation?.name ?? '', site?.venueName ?? '', site?.postcode ?? '',
    site ? site.lat.toFixed(5) : '', site ? site.lng.toFixed(5) : '', site?.locationPrecision ?? '',
    a.phone ?? '', a.email ?? '', a.website ?? '', a.whoFor.map((w) => label('whoFor', w)).join('; '), a.peerLed ? 'yes' : 'no',
    a.commissioning ? label('commissioning', a.commissioning) : '', a.participationLevel ? label('participationLevels', a.participationLevel) : '',
    a.lastVerifiedAt ? a.lastVerifiedAt.slice(0, 10) : '',
  ];
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. A leading =+-@ is neutralised (spreadsheet formulas). */
export function toCsv(header: readonly string[], rows: string[][]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
