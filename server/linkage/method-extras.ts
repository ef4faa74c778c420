import { wilson } from '../stats/proportion';
import { keepsSpacing, spacingWords } from './attempt-spacing';
import { cohenKappa } from './kappa';
import type { CampaignResults, Design, NetworkResult, Rubric } from './types';
import type { MethodExtras } from './types-v2';
import { RATE_KEYS } from './results';

/**
 * What method v2 adds to a campaign's results (pure; issue 21 items 10–13). Inputs are
 * the pairs as the repo reads them (repo.methodPairs) and the second codings.
 */
export type MethodPair = {
  id: string;
  pairNumber: number;
  status: 'open' | 'reached' | 'unreachable' | 'declined';
  outcome: number | null;
  gaveContact: boolean | null;
  gaveReferral: boolean | null;
  /** Whoever recorded the pair's closing attempt, else its assigned caller. */
  callerId: string | null;
  /** Times of the pair's failed attempts, in order. */
  failedAttempts: Date[];
};
export type SecondCodingRow = { pairId: string; outcome: number; gaveContact: boolean; gaveReferral: boolean };

const DOUBLE_CODING_DEFAULT = 0.1;

/** The pairs a second caller codes too: the first ⌈share × n⌉ pair numbers (the draw's order is random). */
export function doubleCoded(pairNumber: number, pairCount: number, design: Pick<Design, 'doubleCodingShare'>): boolean {
  const share = design.doubleCodingShare ?? DOUBLE_CODING_DEFAULT;
  return pairNumber <= Math.ceil(share * pairCount);
}

/** Network figures say little when no service is in a cycle and nothing was tested both ways (one-way random pairs). */
export function networkInformative(network: NetworkResult): MethodExtras['networkInformative'] {
  const reasons: string[] = [];
  if (network.strongComponents.largest <= 1) {
    reasons.push('No two services reach each other both ways through the links found, so every strongly connected component is a single service.');
  }
  if (network.reciprocity.testedBothWays < 5) {
    reasons.push(`Only ${network.reciprocity.testedBothWays} pairs of services were tested in both directions, too few to estimate reciprocity; a reciprocal-pairs design tests each drawn pair both ways.`);
  }
  const top = network.brokers[0]?.betweenness ?? 0;
  if (top < 0.01) reasons.push('No service lies on more than 1% of the shortest paths between others, so brokerage (betweenness) figures mean nothing here.');
  return { informative: reasons.length === 0, reasons };
}

export function methodExtras(
  base: CampaignResults,
  design: Design,
  rubric: Rubric,
  pairs: MethodPair[],
  secondCodings: SecondCodingRow[],
  callerCodes: Map<string, string>,
): MethodExtras {
  const primary = design.primary ?? null;
  const secondary = RATE_KEYS.filter((k) => k !== primary?.metric);
  const reached = pairs.filter((p) => p.status === 'reached');
  const withComponents = reached.filter((p) => p.gaveContact !== null && p.gaveReferral !== null);
  const contact = withComponents.filter((p) => p.gaveContact).length;
  const referral = withComponents.filter((p) => p.gaveReferral).length;

  const byPair = new Map(reached.map((p) => [p.id, p]));
  const coded = secondCodings.filter((s) => byPair.has(s.pairId));
  const firstAndSecond = <T>(get: (x: { outcome: number | null; gaveContact: boolean | null; gaveReferral: boolean | null }) => T) =>
    coded.flatMap((s) => {
      const first = get(byPair.get(s.pairId)!);
      return first === null ? [] : [[first, get(s)] as [T, T]];
    });

  let callers: MethodExtras['callers'] = null;
  if (callerCodes.size) {
    const acc = new Map<string, { closed: number; reached: number; declined: number; knew: number; information: number }>();
    for (const p of pairs) {
      if (p.status === 'open' || !p.callerId) continue;
      const code = callerCodes.get(p.callerId);
      if (!code) continue;
      const a = acc.get(code) ?? acc.set(code, { closed: 0, reached: 0, declined: 0, knew: 0, information: 0 }).get(code)!;
      if (p.status === 'declined') { a.declined++; continue; }
      a.closed++;
      if (p.status !== 'reached') continue;
      a.reached++;
      if ((p.outcome ?? 0) >= 1) a.knew++;
      if ((p.outcome ?? 0) >= 2) a.information++;
    }
    callers = [...acc].sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true })).map(([callerCode, a]) => ({
      callerCode, closed: a.closed, reached: a.reached, declined: a.declined,
      reach: wilson(a.reached, a.closed), knewAmongReached: wilson(a.knew, a.reached), informationAmongReached: wilson(a.information, a.reached),
    }));
  }

  const rule = rubric.attemptSpacing ?? null;
  const repeats = pairs.filter((p) => p.failedAttempts.length >= 2);
  return {
    declined: pairs.filter((p) => p.status === 'declined').length,
    estimands: {
      primary,
      secondary,
      note: primary
        ? `The primary estimand (${primary.metric}${primary.comparisonWith ? ', compared with the campaign named before the draw' : ''}) was fixed before the pairs were drawn. Every other rate and comparison is secondary: read it as exploratory, with the Holm adjustment where comparisons are made.`
        : 'This campaign was designed before a primary estimand was named: every figure is descriptive, none confirmatory.',
    },
    components: { recorded: withComponents.length, contactDetails: wilson(contact, withComponents.length), referralInformation: wilson(referral, withComponents.length), referralWithoutContact: withComponents.filter((p) => p.gaveReferral && !p.gaveContact).length },
    agreement: {
      share: design.doubleCodingShare ?? DOUBLE_CODING_DEFAULT,
      doubleCoded: coded.length,
      outcome: cohenKappa(firstAndSecond((x) => x.outcome)),
      contactDetails: cohenKappa(firstAndSecond((x) => x.gaveContact)),
      referralInformation: cohenKappa(firstAndSecond((x) => x.gaveReferral)),
    },
    callers,
    attemptSpacing: { rule, words: spacingWords(rule), pairsWithRepeatAttempts: repeats.length, pairsKeepingRule: rule ? repeats.filter((p) => keepsSpacing(p.failedAttempts, rule)).length : 0 },
    networkInformative: networkInformative(base.network),
    perService: { shown: 'all', withheld: 0 },
  };
}
