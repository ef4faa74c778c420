import type { MatrixCell, Rate } from '../linkage/types';

/**
 * "How well connected", in words a board member reads in a minute (pure; connected.test.ts
 * checks each sentence against hand-worked values). The headline is the share of closed
 * pairs where the service called could say how to reach the other (outcome ≥ 2, contact
 * details or a referral: docs/linkage-method.md), with its Wilson 95% interval, as the
 * results page gives it.
 */
const per100 = (v: number) => Math.round(v * 100);
const signed = (v: number) => (v < 0 ? `−${Math.abs(v)}` : String(v));

export function connectionSentence(rate: Rate): string | null {
  if (rate.n === 0 || rate.estimate === null || rate.lower === null || rate.upper === null) return null;
  return `When we called services and asked about another, ${per100(rate.estimate)} in 100 could tell us how to reach it (95% CI ${per100(rate.lower)}–${per100(rate.upper)}; ${rate.x} of ${rate.n} calls).`;
}

export type Verdict = 'better' | 'worse' | 'no clear change' | 'not enough data';

/** A lay verdict on a difference: a change only when the whole interval is on one side of zero. */
export function verdictOf(d: { estimate: number | null; lower: number | null; upper: number | null }): Verdict {
  if (d.estimate === null || d.lower === null || d.upper === null) return 'not enough data';
  if (d.lower > 0) return 'better';
  if (d.upper < 0) return 'worse';
  return 'no clear change';
}

export function changeSentence(previousName: string, d: { estimate: number | null; lower: number | null; upper: number | null }): string {
  const verdict = verdictOf(d);
  if (verdict === 'not enough data') return `Compared with ${previousName}: not enough calls to compare.`;
  const e = per100(d.estimate!);
  const size = e === 0 ? 'the same' : `${Math.abs(e)} ${e > 0 ? 'more' : 'fewer'} in 100`;
  return `Compared with ${previousName}, ${size} (95% CI ${signed(per100(d.lower!))} to ${signed(per100(d.upper!))} in 100): ${verdict}.`;
}

/** The category pairs whose services least often knew how to reach each other (at least `minClosed` closed pairs). */
export function weakestPairs(matrix: MatrixCell[], count = 3, minClosed = 1) {
  return matrix
    .filter((m) => m.closed >= minClosed && m.information.estimate !== null)
    .sort((a, b) => a.information.estimate! - b.information.estimate! || b.closed - a.closed || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
    .slice(0, count)
    .map((m) => ({ from: m.from, to: m.to, closed: m.closed, rate: m.information }));
}

export type PathwayPair = { aId: string; bCategory: string; status: 'open' | 'reached' | 'unreachable'; outcome: number | null };

/**
 * Every published treatment service: was it asked about mutual aid in the campaign
 * (tested), and did it give a way in (outcome ≥ 2, working)? The NTA's 2010 guidance asks
 * that every treatment service has a pathway to mutual aid.
 */
export function treatmentPathways(treatment: { id: string; name: string }[], pairs: PathwayPair[]) {
  const toMutualAid = pairs.filter((p) => p.bCategory === 'mutual_aid' && p.status !== 'open');
  const tested = new Set(toMutualAid.map((p) => p.aId));
  const working = new Set(toMutualAid.filter((p) => p.status === 'reached' && (p.outcome ?? 0) >= 2).map((p) => p.aId));
  const services = treatment.length;
  const testedCount = treatment.filter((t) => tested.has(t.id)).length;
  const workingCount = treatment.filter((t) => working.has(t.id)).length;
  const sentence = services === 0
    ? 'No treatment services are recorded.'
    : `${workingCount} of ${services} treatment services have a tested pathway to mutual aid (${testedCount} were asked about a mutual-aid group; ${workingCount} could say how to reach one).` +
      (workingCount === services ? ' Every treatment service has one.' : ' Not every treatment service has one yet.');
  return {
    services, tested: testedCount, working: workingCount, everyService: services > 0 && workingCount === services, sentence,
    without: treatment.filter((t) => !working.has(t.id)).map((t) => t.name).sort((a, b) => a.localeCompare(b)),
  };
}
