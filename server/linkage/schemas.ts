import { z } from 'zod';
import { categoryCodes, organisationKindCodes, whoForCodes } from '../domain/vocabulary';
import { isoDateTime, limitParam, offsetParam, uuidParam } from '../http/params';
import { MAX_SEED } from '../stats/random';
import { unknownPlaceholders } from './script';
import { APPROACHES, ATTEMPT_MODES, ATTEMPT_RESULTS, PAIR_STATUSES, REACHING_RESULTS, type OutcomeCode, type RateKey } from './types';

/** Input schemas for the linkage routes (docs/linkage-api.md). Unknown keys are refused. */

const RATE_METRICS = ['reach', 'knew_reached', 'information_reached', 'referral_reached', 'knew_closed', 'information_closed', 'referral_closed'] as const satisfies readonly RateKey[];

const category = z.enum(categoryCodes);

export const frameSchema = z
  .object({
    categories: z.array(category).max(20).default([]),
    whoFor: z.array(z.enum(whoForCodes)).max(20).default([]),
    organisationKinds: z.array(z.enum(organisationKindCodes)).max(20).default([]),
    areaCodes: z.array(z.string().trim().min(3).max(12)).max(2000).default([]),
  })
  .strict();

const stratumSchema = z.object({ from: category, to: category, count: z.number().int().min(1).max(100_000) }).strict();

export const designSchema = z
  .object({
    pairCount: z.number().int().min(1).max(100_000).optional(),
    strata: z.array(stratumSchema).max(100).default([]),
    excludeSameOrganisation: z.boolean().default(true),
    excludeSameSite: z.boolean().default(true),
    maxContactsPerService: z.number().int().min(1).max(10_000).nullable().default(null),
    // Named before the draw (issue 21, item 10); a design that does not name one gets the method doc's default.
    primary: z
      .object({ metric: z.enum(RATE_METRICS), comparisonWith: uuidParam.nullable().default(null) })
      .strict()
      .default({ metric: 'information_closed', comparisonWith: null }),
    doubleCodingShare: z.number().min(0).max(1).default(0.1),
    reciprocal: z.boolean().default(false),
  })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.strata.forEach((s, i) => {
      const key = `${s.from}>${s.to}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['strata', i], message: `the category pair ${key} is listed twice` });
      seen.add(key);
    });
    const sum = d.strata.reduce((s, h) => s + h.count, 0);
    if (d.strata.length && d.pairCount !== undefined && d.pairCount !== sum) {
      ctx.addIssue({ code: 'custom', path: ['pairCount'], message: `must equal the sum of the strata counts (${sum})` });
    }
    if (!d.strata.length && d.pairCount === undefined) ctx.addIssue({ code: 'custom', path: ['pairCount'], message: 'is required without strata' });
    if (d.reciprocal && d.strata.length) ctx.addIssue({ code: 'custom', path: ['reciprocal'], message: 'reciprocal pairs are drawn from one stratum: remove the strata' });
    if (d.reciprocal && d.pairCount !== undefined && d.pairCount % 2) ctx.addIssue({ code: 'custom', path: ['pairCount'], message: 'must be even with reciprocal pairs (each pair and its reverse)' });
  })
  .transform((d) => ({ ...d, pairCount: d.strata.length ? d.strata.reduce((s, h) => s + h.count, 0) : d.pairCount! }));

const outcomeCode = z.number().int().min(0).max(3).transform((v) => v as OutcomeCode);
const outcomeWording = z.object({ code: outcomeCode, label: z.string().trim().min(1).max(80), description: z.string().trim().max(300) }).strict();

export const rubricPatchSchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(10).optional(),
    outcomes: z
      .array(outcomeWording)
      .length(4)
      .refine((o) => o.every((e, i) => e.code === i), 'must list codes 0, 1, 2, 3 in order')
      .optional(),
    attemptSpacing: z.object({ differentDays: z.boolean(), differentTimesOfDay: z.boolean() }).strict().optional(),
  })
  .strict();

const script = z
  .string()
  .trim()
  .min(1)
  .max(4000)
  .superRefine((s, ctx) => {
    const unknown = unknownPlaceholders(s);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; use {A.name}, {A.category}, {A.organisation}, {B.name}, {B.category} or {B.organisation}` });
  });
const scriptsSchema = z.object({ disclosed: script.optional(), simulated_enquiry: script.optional() }).strict();

const name = z.string().trim().min(1).max(200);

export const campaignCreateSchema = z
  .object({
    name,
    approach: z.enum(APPROACHES),
    scripts: scriptsSchema.default({}),
    rubric: rubricPatchSchema.default({}),
    frame: frameSchema.default({ categories: [], whoFor: [], organisationKinds: [], areaCodes: [] }),
    design: designSchema,
  })
  .strict();
export type CampaignCreate = z.infer<typeof campaignCreateSchema>;

/** PATCH: the design is merged with the stored one and then checked whole (service.ts). */
export const campaignPatchSchema = z
  .object({
    name: name.optional(),
    approach: z.enum(APPROACHES).optional(),
    scripts: scriptsSchema.optional(),
    rubric: rubricPatchSchema.optional(),
    frame: frameSchema.partial().strict().optional(),
    design: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CampaignPatch = z.infer<typeof campaignPatchSchema>;

export const drawSchema = z.object({ seed: z.number().int().min(0).max(MAX_SEED).optional() }).strict();

export const assignSchema = z
  .object({
    callerId: uuidParam.nullable(),
    pairIds: z.array(uuidParam).min(1).max(1000).optional(),
    count: z.number().int().min(1).max(5000).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.pairIds === undefined) === (b.count === undefined)) ctx.addIssue({ code: 'custom', path: ['pairIds'], message: 'give either pairIds or count' });
    if (b.count !== undefined && b.callerId === null) ctx.addIssue({ code: 'custom', path: ['count'], message: 'unassigning needs pairIds' });
  });
export type AssignBody = z.infer<typeof assignSchema>;

const FUTURE_SLACK_MS = 5 * 60 * 1000;
export const attemptSchema = z
  .object({
    attemptedAt: isoDateTime.refine((d) => d.getTime() <= Date.now() + FUTURE_SLACK_MS, 'must not be in the future'),
    mode: z.enum(ATTEMPT_MODES),
    result: z.enum(ATTEMPT_RESULTS),
    outcome: outcomeCode.optional(),
    gaveContact: z.boolean().optional(),
    gaveReferral: z.boolean().optional(),
    note: z.string().trim().max(1000).optional(),
    clientRequestId: uuidParam.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const reaching = REACHING_RESULTS.includes(b.result);
    if (reaching && b.outcome === undefined) ctx.addIssue({ code: 'custom', path: ['outcome'], message: `is required when the result is ${b.result}` });
    if (!reaching && b.outcome !== undefined) ctx.addIssue({ code: 'custom', path: ['outcome'], message: `is only recorded when the service was reached (answered or replied)` });
    for (const field of ['gaveContact', 'gaveReferral'] as const) {
      if (b[field] === undefined) continue;
      if (!reaching) ctx.addIssue({ code: 'custom', path: [field], message: 'is only recorded when the service was reached (answered or replied)' });
      else if (b.outcome !== undefined && componentClash(b.outcome, field, b[field]!)) ctx.addIssue({ code: 'custom', path: [field], message: componentClash(b.outcome, field, b[field]!)! });
    }
  });

/**
 * Which components each code allows: 0 and 1 gave neither; 2 gave contact details and no
 * referral information; 3 gave referral information, with or without contact details —
 * the case recorded apart so that "referral advice without contact details" is not
 * counted as contact information (issue 21, item 12).
 */
export function componentClash(outcome: OutcomeCode, field: 'gaveContact' | 'gaveReferral', value: boolean): string | null {
  const allowed: Record<OutcomeCode, { gaveContact: boolean[]; gaveReferral: boolean[] }> = {
    0: { gaveContact: [false], gaveReferral: [false] },
    1: { gaveContact: [false], gaveReferral: [false] },
    2: { gaveContact: [true], gaveReferral: [false] },
    3: { gaveContact: [true, false], gaveReferral: [true] },
  };
  // zod runs an object's refinements even when a field failed: an invalid code is already
  // reported under `outcome`, and has no rule to clash with.
  const rule = Object.hasOwn(allowed, outcome) ? allowed[outcome] : undefined;
  if (!rule) return null;
  return rule[field].includes(value) ? null : `must be ${rule[field][0]} with outcome ${outcome}`;
}

/** The components a reaching attempt records: as given, else what the code fixes (3 leaves contact details unknown). */
export function componentsOf(outcome: OutcomeCode, given: { gaveContact?: boolean; gaveReferral?: boolean }): { gaveContact: boolean | null; gaveReferral: boolean } {
  return { gaveContact: given.gaveContact ?? (outcome === 3 ? null : outcome === 2), gaveReferral: given.gaveReferral ?? outcome === 3 };
}

export const secondCodingSchema = z
  .object({ outcome: outcomeCode, gaveContact: z.boolean(), gaveReferral: z.boolean() })
  .strict()
  .superRefine((b, ctx) => {
    for (const field of ['gaveContact', 'gaveReferral'] as const) {
      const clash = componentClash(b.outcome, field, b[field]);
      if (clash) ctx.addIssue({ code: 'custom', path: [field], message: clash });
    }
  });

export const agreementSchema = z.object({ assetId: uuidParam, agreed: z.boolean(), note: z.string().trim().max(500).optional() }).strict();
export type AttemptBody = z.infer<typeof attemptSchema>;

export const pairsQuerySchema = z
  .object({
    status: z.enum(PAIR_STATUSES).optional(),
    callerId: z.union([z.literal('none'), uuidParam]).optional(),
    limit: limitParam(100, 500),
    offset: offsetParam,
  })
  .strict();
export type PairsQuery = z.infer<typeof pairsQuerySchema>;

export const worklistQuerySchema = z.object({ campaignId: uuidParam.optional() }).strict();
export const comparisonQuerySchema = z.object({ with: uuidParam }).strict();
export const pathwaysQuerySchema = z.object({ layer: z.enum(['lines', 'assets']).default('lines') }).strict();

export const sampleSizeQuerySchema = z
  .object({
    rate: z.coerce.number().gt(0).lt(1),
    halfWidth: z.coerce.number().min(0.005).max(0.5),
    unreachable: z.coerce.number().min(0).max(0.95).default(0),
    designEffect: z.coerce.number().min(1).max(10).default(1),
  })
  .strict();

/** GET /api/linkage/comparison-size: pairs per campaign to detect a before/after change (sampling/power.ts). */
export const comparisonSizeQuerySchema = z
  .object({
    before: z.coerce.number().gt(0).lt(1),
    after: z.coerce.number().gt(0).lt(1),
    power: z.coerce.number().min(0.5).max(0.99).default(0.8),
    alpha: z.coerce.number().min(0.001).max(0.2).default(0.05),
    designEffect: z.coerce.number().min(1).max(10).default(1),
    weightingEffect: z.coerce.number().min(1).max(10).default(1),
    unreachable: z.coerce.number().min(0).max(0.95).default(0),
    planned: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .refine((q) => q.before !== q.after, { path: ['after'], message: 'must differ from before' });
