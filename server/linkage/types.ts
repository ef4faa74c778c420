/**
 * The linkage-test API's JSON shapes (see docs/linkage-api.md). The client imports these
 * type-only, as it does the asset types, so the pages cannot drift from what the server
 * sends. Dates arrive as ISO 8601 strings. Runtime content is limited to the code lists
 * below (the migration's CHECK constraints and the zod schemas read them).
 */

export const CAMPAIGN_STATUSES = ['draft', 'in_progress', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const APPROACHES = ['disclosed', 'simulated_enquiry'] as const;
export type Approach = (typeof APPROACHES)[number];

export const ATTEMPT_MODES = ['phone', 'email', 'web_form', 'in_person'] as const;
export type AttemptMode = (typeof ATTEMPT_MODES)[number];

/** `answered` and `replied` reach the service (an outcome is then required); the rest are failed attempts. */
/** `declined`: the service, told what the call is for (disclosed approach only), would not take part; it closes the pair. */
export const ATTEMPT_RESULTS = ['answered', 'voicemail', 'no_answer', 'wrong_number', 'email_bounced', 'replied', 'declined'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];
export const REACHING_RESULTS: readonly AttemptResult[] = ['answered', 'replied'];

/** open: still being tried; reached: an outcome was recorded; unreachable: the last allowed attempt failed; declined: A would not take part (missing, not a failure). */
export const PAIR_STATUSES = ['open', 'reached', 'unreachable', 'declined'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

/** 0 no information about B; 1 knew of B, no way to contact; 2 gave contact details; 3 gave referral information. */
export type OutcomeCode = 0 | 1 | 2 | 3;

export type RubricOutcome = { code: OutcomeCode; label: string; description: string };
/** How failed attempts are spread (issue 21, item 11): each on a different day, and/or a different part of the day (UK time). */
export type AttemptSpacingRule = { differentDays: boolean; differentTimesOfDay: boolean };
/** `attemptSpacing` is absent on campaigns designed before the rule was recorded. */
export type Rubric = { maxAttempts: number; outcomes: RubricOutcome[]; attemptSpacing?: AttemptSpacingRule };

export type FrameFilters = {
  categories: string[]; // empty = every category
  whoFor: string[]; // an asset matches if it serves any of these; empty = no filter
  organisationKinds: string[]; // empty = no filter
  areaCodes: string[]; // LSOA codes (GET /api/areas); an asset matches if a site's public point lies in one
};

export type Stratum = { from: string; to: string; count: number };

export type Design = {
  /** Total ordered pairs. With strata it must equal the sum of their counts. */
  pairCount: number;
  strata: Stratum[]; // empty = one stratum: every ordered pair in the frame
  excludeSameOrganisation: boolean;
  excludeSameSite: boolean;
  /** How many pairs one service may be contacted for (as A); null = no cap. */
  maxContactsPerService: number | null;
  /** The primary rate and comparison, named before the draw (absent on campaigns designed before v2). */
  primary?: PrimaryEstimand;
  /** Share of pairs (the first pair numbers, themselves in random order) coded by a second caller too. */
  doubleCodingShare?: number;
  /** Draw each pair with its reverse (B→A), so reciprocity can be estimated. */
  reciprocal?: boolean;
};

export type PrimaryEstimand = { metric: RateKey; comparisonWith: string | null };

export type Scripts = { disclosed: string; simulated_enquiry: string };

export type CampaignCounts = { pairs: number; assigned: number; open: number; reached: number; unreachable: number; declined?: number };

export type CampaignView = {
  id: string;
  name: string;
  approach: Approach;
  status: CampaignStatus;
  published: boolean;
  scripts: Scripts;
  rubric: Rubric;
  frame: FrameFilters;
  design: Design;
  seed: number | null; // set at the draw (given or generated)
  createdAt: string;
  drawnAt: string | null;
  closedAt: string | null;
  publishedAt: string | null;
  counts: CampaignCounts;
};

/**
 * What GET /api/campaigns lists; `myOpenPairs` is the viewer's own assigned, still-open pairs.
 * `counts` is null for a viewer who may not read the campaign's results: interim figures
 * are for the campaign team (see mayReadCounts in view.ts).
 */
export type CampaignListItem = Pick<CampaignView, 'id' | 'name' | 'approach' | 'status' | 'published' | 'createdAt' | 'drawnAt' | 'closedAt'> & {
  counts: CampaignCounts | null;
  myOpenPairs: number;
};
export type CampaignList = { items: CampaignListItem[] };

export type StratumCapacity = {
  from: string | null; // null for the single all-pairs stratum
  to: string | null;
  frameFrom: number; // frame assets that can be A
  frameTo: number; // frame assets that can be B
  possiblePairs: number; // ordered pairs after exclusions (N_h)
  maxDrawable: number; // most pairs this stratum alone can give under the contact cap
  requested: number | null;
};

export type FramePreview = {
  snapshot: boolean; // true after the draw: the pinned frame; false: what a draw now would use
  assetCount: number;
  byCategory: { category: string; count: number }[];
  strata: StratumCapacity[];
  /** Most pairs the whole design can give at once (exact: a maximum flow over services and strata). */
  maxDrawable: number;
};

export type DrawResult = { campaign: CampaignView; pairsDrawn: number };

export type AttemptView = {
  id: string;
  attemptNumber: number;
  attemptedAt: string;
  mode: AttemptMode;
  result: AttemptResult;
  outcome: OutcomeCode | null;
  gaveContact?: boolean | null; // A gave contact details for B (null: not recorded)
  gaveReferral?: boolean | null; // A gave referral information for B
  note: string | null; // campaign team only
  recordedBy: string | null; // display name; campaign team only
};

export type PairEnd = { assetId: string; version: number; name: string; category: string; organisationName: string | null };

/** A pair as the campaign team sees it (GET /api/campaigns/:id/pairs). */
export type PairView = {
  id: string;
  pairNumber: number;
  stratum: string; // "treatment>mutual_aid" or "all"
  a: PairEnd;
  b: PairEnd;
  status: PairStatus;
  outcome: OutcomeCode | null;
  caller: { id: string; displayName: string } | null;
  attempts: AttemptView[];
  doubleCode: boolean; // among the share a second caller codes too
  secondCoding: { coderId: string; outcome: OutcomeCode; gaveContact: boolean; gaveReferral: boolean } | null;
  /** Whether the failed attempts so far keep the campaign's spacing rule (null: no rule, or one attempt). */
  spacingKept: boolean | null;
};
export type PairPage = { items: PairView[]; limit: number; offset: number; total: number };

export type AssignResult = { assigned: number; pairIds: string[] };

export type Caller = { id: string; displayName: string; role: 'researcher' | 'volunteer' };

/** A's details as the caller needs them: how to reach it and when it is open. */
export type WorklistContact = {
  assetId: string;
  name: string;
  category: string;
  categoryLabel: string;
  organisationName: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  schedule: { day: number; start: string; end: string | null; note?: string | null }[];
  scheduleNotes: string | null;
  sites: { venueName: string | null; address: string | null; postcode: string | null; locationPrecision: 'exact' | 'grid_1km' | 'grid_2km' | 'outward_code' }[];
};

/** One assigned pair in a caller's worklist. Never carries other pairs' outcomes. */
export type WorklistItem = {
  pairId: string;
  campaignId: string;
  campaignName: string;
  approach: Approach;
  pairNumber: number;
  a: WorklistContact;
  b: { assetId: string; name: string; category: string; categoryLabel: string };
  script: string; // placeholders filled
  status: PairStatus;
  outcome: OutcomeCode | null; // this pair's own, once recorded
  maxAttempts: number;
  attempts: Omit<AttemptView, 'recordedBy'>[]; // this pair's attempts
  rubric: RubricOutcome[];
  attemptSpacing: AttemptSpacingRule | null;
  /** The rule in words, with when the next attempt may be made. */
  spacingAdvice: string | null;
};
export type Worklist = { items: WorklistItem[]; notesReminder: string };

export type AttemptInput = {
  attemptedAt: string;
  mode: AttemptMode;
  result: AttemptResult;
  outcome?: OutcomeCode; // required when result is answered or replied, forbidden otherwise
  gaveContact?: boolean; // the rubric's components, with a reaching result only
  gaveReferral?: boolean;
  note?: string;
  clientRequestId?: string; // outbox resends: same id → the attempt already made, status 200
};
export type AttemptRecorded = { attempt: Omit<AttemptView, 'recordedBy'>; pair: { id: string; status: PairStatus; outcome: OutcomeCode | null; attemptsMade: number }; replayed: boolean };
export type SecondCodingInput = { outcome: OutcomeCode; gaveContact: boolean; gaveReferral: boolean };

/** A proportion with its Wilson 95% score interval (R: prop.test(x, n, correct = FALSE)). n = 0 → nulls. */
export type Rate = { x: number; n: number; estimate: number | null; lower: number | null; upper: number | null };
export type Interval = { lower: number | null; upper: number | null };

/** The seven headline rates. Among reached: denominators are reached pairs. Among closed: reached + unreachable. */
export type RateSet<T> = {
  reach: T;
  amongReached: { knew: T; information: T; referral: T };
  amongClosed: { knew: T; information: T; referral: T };
};

export type StratumResult = {
  key: string;
  from: string | null;
  to: string | null;
  possiblePairs: number; // N_h
  weight: number; // W_h = N_h / Σ N
  drawn: number;
  closed: number;
  rates: RateSet<Rate>;
};

/** Stratified estimate Σ W_h p_h with a normal interval from Cochran's variance; `unweighted` beside it. */
export type WeightedRate = { estimate: number | null; se: number | null; lower: number | null; upper: number | null; unweighted: Rate };

export type MatrixCell = {
  from: string;
  to: string;
  closed: number;
  reached: number;
  reach: Rate;
  knew: Rate; // among closed pairs
  information: Rate; // among closed pairs
  referral: Rate; // among closed pairs
  /** The same outcomes among reached pairs (denominator: reached). */
  amongReached: { knew: Rate; information: Rate; referral: Rate };
};

export type AssetResult = {
  assetId: string;
  name: string;
  category: string;
  in: Rate; // asked about (as B) in reached pairs: how often known (outcome ≥ 1)
  out: Rate; // contacted (as A) and reached: how often it knew B (outcome ≥ 1)
  reach: Rate; // contacted (as A), closed: how often reached
};

export type NetworkResult = {
  linkThreshold: OutcomeCode; // an edge A→B when the outcome is at least this (2: gave contact details)
  nodes: number;
  edges: number;
  density: number | null;
  reciprocity: { testedBothWays: number; withAnyLink: number; mutual: number; rate: Rate };
  degree: { assetId: string; name: string; inDegree: number; outDegree: number }[];
  weakComponents: { count: number; largest: number; sizes: number[] };
  strongComponents: { count: number; largest: number; sizes: number[] };
  isolated: { assetId: string; name: string }[];
  brokers: { assetId: string; name: string; betweenness: number }[]; // normalised, > 0, highest first, at most 10
};

/** Which method and software made a figure (docs/linkage-method.md, change log). */
export type MethodStamp = { name: string; version: number; document: string; software: string };

/** A design-based rate: A (the contacted service) as the cluster, linearised; Wilson at the effective n. */
export type DesignRate = {
  estimate: number | null;
  se: number | null;
  lower: number | null;
  upper: number | null;
  n: number; // pairs in the denominator
  clusters: number; // contacted services
  designEffect: number | null; // v / (p̂q̂/n)
  effectiveN: number | null;
};
/** A percentile bootstrap interval with the Monte Carlo standard error of its ends. */
export type BootstrapEstimate = { lower: number | null; upper: number | null; monteCarloError: number | null; replicates: number };

export type ClusteredRate = {
  unweighted: DesignRate;
  weighted: DesignRate | null; // stratified designs only
  intraServiceCorrelation: number | null; // one-way ANOVA over contacted services, unweighted
  twoWay: BootstrapEstimate; // services A and B both resampled (unweighted)
};

/** The figure to quote, with its interval, what it is based on and a sentence a commissioner can read. */
export type HeadlineRate = {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  basis: 'weighted, clustered by contacted service' | 'unweighted, clustered by contacted service';
  secondary: boolean; // every rate but the campaign's primary one
  sentence: string;
};

/** Open pairs at close: the rate if they had all been unreachable, reached with outcome 0, or reached with outcome 3. */
export type OpenBound = { asUnreachable: number | null; asReachedWorst: number | null; asReachedBest: number | null; lower: number | null; upper: number | null };

export type InclusionSummary = {
  method: 'exact' | 'simulation';
  runs: number;
  minRatio: number; // smallest π / (n_h/N_h)
  maxRatio: number;
  correlationWithAllowed: number | null;
  unequal: boolean; // beyond 1 ± 5% (more than 3 Monte Carlo SEs)
};

export type CampaignResults = {
  method: MethodStamp;
  campaign: { id: string; name: string; approach: Approach; status: CampaignStatus; published: boolean; drawnAt: string | null; closedAt: string | null; seed: number | null };
  counts: { pairs: number; closed: number; reached: number; unreachable: number; open: number };
  /** The campaign's primary rate; every other is a secondary figure. */
  primary: RateKey;
  /** What the weighted (or unweighted) figures describe. */
  population: { description: string; possiblePairs: number; strata: string[] };
  /** The figures to quote (docs/linkage-method.md §5.3). */
  headline: RateSet<HeadlineRate>;
  clustered: RateSet<ClusteredRate>;
  openBounds: RateSet<OpenBound>;
  inclusion: InclusionSummary | null;
  warnings: string[];
  rates: RateSet<Rate>;
  bootstrap: { resamples: number; seed: number; clusters: number; intervals: RateSet<Interval>; monteCarloError: RateSet<number | null> };
  stratified: boolean;
  strata: StratumResult[];
  weighted: RateSet<WeightedRate> | null; // null when the design has no strata
  matrix: MatrixCell[];
  assets: AssetResult[];
  network: NetworkResult;
};

export type RateKey = 'reach' | 'knew_reached' | 'information_reached' | 'referral_reached' | 'knew_closed' | 'information_closed' | 'referral_closed';

export type ComparisonRow = {
  metric: RateKey;
  before: Rate;
  after: Rate;
  /** after − before, Newcombe hybrid score interval (method 10). */
  difference: { estimate: number | null; lower: number | null; upper: number | null };
  chiSquare: number | null; // R prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$statistic
  pValue: number | null;
  /** Holm-adjusted over the secondary rows; the primary row's own p (it is not adjusted). */
  pValueHolm: number | null;
  secondary: boolean;
  /** The comparison to quote: design-based estimates (weighted when both designs are stratified), MOVER interval, Wald p. */
  design: {
    basis: 'weighted, clustered by contacted service' | 'unweighted, clustered by contacted service';
    before: number | null;
    after: number | null;
    difference: { estimate: number | null; lower: number | null; upper: number | null };
    pValue: number | null;
    pValueHolm: number | null;
  };
  /** Services resampled once for both campaigns (those contacted in both move both rates). */
  jointBootstrap: BootstrapEstimate;
  clearEvidence: boolean;
  sentence: string;
};
export type CampaignComparison = {
  method: MethodStamp;
  before: { id: string; name: string; closedAt: string | null };
  after: { id: string; name: string; closedAt: string | null };
  /** Frames, strata and rubric must match (refuse); other design differences warn. */
  comparability: { comparable: boolean; problems: { code: string; severity: 'refuse' | 'warn'; field: string; message: string }[] };
  /** Contacted services (A) with closed pairs in both campaigns. */
  sharedServices: number;
  primary: RateKey;
  rows: ComparisonRow[];
};

export type SampleSizePlan = {
  rate: number;
  halfWidth: number;
  unreachableShare: number;
  designEffect: number;
  /** Smallest n whose Wilson 95% half-width at the expected rate is ≤ halfWidth. */
  reachedNeeded: number;
  /** Pairs to draw so the rates among reached pairs reach that precision: ceil(reachedNeeded × deff / (1 − unreachable)). */
  pairsForReachedRates: number;
  /** Pairs to draw for the rates among all closed pairs (unreachable counts as a failure, so no inflation). */
  pairsForClosedRates: number;
};

export type PathwayProperties = {
  pairId: string;
  pairNumber: number;
  aAssetId: string;
  aName: string;
  aCategory: string;
  bAssetId: string;
  bName: string;
  bCategory: string;
  status: PairStatus;
  outcome: OutcomeCode | null;
  aLocationPrecision: 'exact' | 'grid_1km' | 'grid_2km' | 'outward_code';
  bLocationPrecision: 'exact' | 'grid_1km' | 'grid_2km' | 'outward_code';
};
export type PathwayFeature = { type: 'Feature'; id: number; geometry: { type: 'LineString'; coordinates: [[number, number], [number, number]] }; properties: PathwayProperties };

export type PathwayAssetProperties = AssetResult & { contactedUnreachable: boolean; locationPrecision: 'exact' | 'grid_1km' | 'grid_2km' | 'outward_code' };
export type PathwayAssetFeature = { type: 'Feature'; id: number; geometry: { type: 'Point'; coordinates: [number, number] }; properties: PathwayAssetProperties };

export type PathwayCollection = { type: 'FeatureCollection'; features: PathwayFeature[] };
export type PathwayAssetCollection = { type: 'FeatureCollection'; features: PathwayAssetFeature[] };

/** Codebook rows for the CSV exports (GET /api/campaigns/:id/export/codebook.csv has the same columns). */
export type CodebookEntry = { file: 'pairs.csv' | 'attempts.csv'; column: string; type: 'string' | 'integer' | 'datetime' | 'code'; description: string; codes: string };

/** POST /api/campaigns body; PATCH takes any subset (rubric, frame, design only until the draw). */
export type CampaignInput = {
  name: string;
  approach: Approach;
  scripts?: Partial<Scripts>; // defaults filled for a missing approach
  rubric?: Partial<Rubric>; // maxAttempts 1–10 (default 3); outcomes: labels/descriptions for codes 0–3
  frame?: Partial<FrameFilters>;
  design: Partial<Design> & { pairCount?: number };
};
export type DrawInput = { seed?: number }; // integer 0 … 2^31 − 1; generated when absent
export type AssignInput = { callerId: string | null; pairIds?: string[]; count?: number }; // exactly one of pairIds / count
