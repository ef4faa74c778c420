import type { RateKey } from './types';

/**
 * Sentences a commissioner can read, for each headline rate and each comparison row
 * (docs/linkage-method.md §7). Pure: the client and the dashboard show them as given.
 * Figures are "in 100", rounded to whole numbers; the interval is the one the method
 * says to report (§5.3).
 */
const WHAT: Record<RateKey, { rate: string; short: string }> = {
  reach: { rate: 'contacted services were reached', short: 'services reached' },
  knew_reached: { rate: 'services that were reached knew of the service asked about', short: 'services reached that knew of the other service' },
  information_reached: { rate: 'services that were reached gave contact details for the service asked about', short: 'services reached that gave contact details' },
  referral_reached: { rate: 'services that were reached said how to be referred to the service asked about', short: 'services reached that gave referral information' },
  knew_closed: { rate: 'enquiries met a service that knew of the one asked about (a service that could not be reached counts as not knowing)', short: 'enquiries that met a service that knew of the other' },
  information_closed: { rate: 'enquiries were given contact details for the service asked about (a service that could not be reached counts as giving none)', short: 'enquiries given contact details' },
  referral_closed: { rate: 'enquiries were told how to be referred to the service asked about (a service that could not be reached counts as telling nothing)', short: 'enquiries given referral information' },
};

const in100 = (x: number) => Math.round(x * 100);

export function rateSentence(key: RateKey, estimate: number | null, lower: number | null, upper: number | null): string {
  const what = WHAT[key];
  if (estimate === null) return `Not enough closed pairs yet to say how many in 100 ${what.rate}.`;
  const head = `About ${in100(estimate)} in 100 ${what.rate}`;
  if (lower === null || upper === null) return `${head}; there are too few services to say how sure we can be.`;
  return `${head}; we are 95% sure it is between ${in100(lower)} and ${in100(upper)} in 100.`;
}

/**
 * Whether there is clear evidence of change: the 95% interval of after − before excludes 0
 * and, for a secondary figure, Holm's adjusted p is below 0.05.
 */
export function changeSentence(
  key: RateKey,
  row: { before: number | null; after: number | null; lower: number | null; upper: number | null; adjustedP: number | null; secondary: boolean },
): { clearEvidence: boolean; sentence: string } {
  const what = WHAT[key].short;
  if (row.before === null || row.after === null || row.lower === null || row.upper === null) {
    return { clearEvidence: false, sentence: `We cannot yet compare ${what}: one campaign has too few closed pairs.` };
  }
  const excludesZero = row.lower > 0 || row.upper < 0;
  const clearEvidence = excludesZero && (!row.secondary || (row.adjustedP !== null && row.adjustedP < 0.05));
  const [b, a] = [in100(row.before), in100(row.after)];
  const move = a > b ? `rose from ${b} to ${a} in 100` : a < b ? `fell from ${b} to ${a} in 100` : `stayed at ${a} in 100`;
  const points = (x: number) => `${Math.abs(Math.round(x * 100))} point${Math.abs(Math.round(x * 100)) === 1 ? '' : 's'}`;
  const span = (x: number) => (x < 0 ? `a fall of ${points(x)}` : x > 0 ? `a rise of ${points(x)}` : 'no change');
  const range = `the change is between ${span(row.lower)} and ${span(row.upper)}`;
  const tag = row.secondary ? ' (a secondary figure, adjusted for the number of comparisons)' : '';
  if (clearEvidence) return { clearEvidence, sentence: `Clear evidence of change${tag}: ${what} ${move}; ${range}.` };
  const why = excludesZero ? 'once the number of comparisons is allowed for' : 'a real change of zero cannot be ruled out';
  return { clearEvidence, sentence: `No clear evidence of change${tag}: ${what} ${move}, but ${why}; ${range}.` };
}
