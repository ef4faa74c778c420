import type { AttemptSpacingRule, CampaignResults, OutcomeCode, PrimaryEstimand, Rate, RateKey } from './types';

/**
 * What linkage method v2 (issue 21) adds to a campaign's results: the client imports
 * these type-only, as it does types.ts. Kept apart from CampaignResults, whose figures
 * the statistics builders own.
 */
export type Kappa = { n: number; observed: number | null; expected: number | null; kappa: number | null };

export type MethodExtras = {
  /** Pairs whose service declined to take part (disclosed approach): in no rate's denominator, counted apart from unreachable. */
  declined: number;
  /** The pre-specified primary rate and comparison; every other figure is secondary. Null: designed before v2. */
  estimands: { primary: PrimaryEstimand | null; secondary: RateKey[]; note: string };
  /** The rubric's components among reached pairs whose components were recorded. */
  components: { recorded: number; contactDetails: Rate; referralInformation: Rate; referralWithoutContact: number };
  /** Second caller's coding against the first on the double-coded pairs. */
  agreement: { share: number; doubleCoded: number; outcome: Kappa; contactDetails: Kappa; referralInformation: Kappa };
  /** The figures by (pseudonymised) caller: the campaign team only; null for everyone else. */
  callers: { callerCode: string; closed: number; reached: number; declined: number; reach: Rate; knewAmongReached: Rate; informationAmongReached: Rate }[] | null;
  attemptSpacing: { rule: AttemptSpacingRule | null; words: string; pairsWithRepeatAttempts: number; pairsKeepingRule: number };
  /** Whether the network figures carry information; the page hides them when not. */
  networkInformative: { informative: boolean; reasons: string[] };
  /** Per-service figures left out for this viewer because the service has not agreed to publication. */
  perService: { shown: 'all' | 'agreed_only'; withheld: number };
};

export type CampaignResultsV2 = CampaignResults & { method: MethodExtras };

export type ServiceAgreement = { assetId: string; name: string; agreedAt: string; recordedBy: string | null; note: string | null };
export type ServiceAgreementInput = { assetId: string; agreed: boolean; note?: string };
export type SecondCoded = { pairId: string; outcome: OutcomeCode; gaveContact: boolean; gaveReferral: boolean };
