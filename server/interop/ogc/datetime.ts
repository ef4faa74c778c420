/**
 * The OGC API Features `datetime` parameter (RFC 3339): an instant, or an interval
 * `start/end` where either end may be open (`..` or empty). Pure.
 */
export type DatetimeFilter = { start: Date | null; end: Date | null; instant: boolean };

const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;

function parseOne(s: string): Date | null | 'bad' {
  if (s === '..' || s === '') return null;
  if (!RFC3339.test(s)) return 'bad';
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

/** A filter, or a message saying what is wrong. */
export function parseDatetime(value: string): DatetimeFilter | string {
  const parts = value.split('/');
  if (parts.length > 2) return 'must be an instant or an interval start/end';
  if (parts.length === 1) {
    const d = parseOne(parts[0]);
    if (d === 'bad' || d === null) return 'must be an RFC 3339 date-time, or an interval start/end';
    return { start: d, end: d, instant: true };
  }
  const [start, end] = parts.map(parseOne);
  if (start === 'bad' || end === 'bad') return 'each end must be an RFC 3339 date-time or ".."';
  if (start === null && end === null) return 'an interval needs at least one closed end';
  if (start && end && start > end) return 'the start must not be after the end';
  return { start, end, instant: false };
}
