import { z } from 'zod';
import { MAX_BANDS, checkBands } from '../access/measures';
import { categoryCodes, whoForCodes, type Role } from '../domain/vocabulary';

/** Who reads gap maps (docs/gaps-method.md says why anonymous visitors do not). */
export const GAP_READERS: Role[] = ['commissioner', 'coordinator', 'researcher', 'admin'];

/**
 * Bounds on every parameter, from what the method needs (docs/gaps-method.md, "Limits on
 * the parameters"): a few bands, a reach no further than a long rural journey, and cell
 * sizes from a short list, so each size's grid is built once and kept.
 */
export const CELL_SIZES = [250, 500, 1000, 2000] as const;
/** Metres: the furthest band edge or threshold (straight line; well beyond a walk, a short drive). */
export const MAX_REACH_M = 10_000;

/** "800,1600,2400" (query) or [800, 1600, 2400] (body); at most MAX_BANDS numbers. */
// Only the first MAX_BANDS + 1 values are looked at: one more than allowed is enough to
// refuse the list, and a 20,000-value list costs no more to refuse than an eleven-value one.
const firstValues = (v: unknown) => {
  if (typeof v === 'string') return v.split(',', MAX_BANDS + 1).map((x) => (x.trim() === '' ? NaN : Number(x)));
  return Array.isArray(v) ? v.slice(0, MAX_BANDS + 1) : v;
};
const numberList = z.preprocess(
  firstValues,
  z.array(z.number({ error: 'must be numbers separated by commas' })).min(1).max(MAX_BANDS, `at most ${MAX_BANDS} values`),
);

const categoryList = z.union([z.array(z.enum(categoryCodes)), z.string().transform((s) => s.split(',').map((v) => v.trim())).pipe(z.array(z.enum(categoryCodes)))]);

export const gapParamsShape = {
  cells: z.enum(['hex', 'lsoa']).default('hex'),
  cellSize: z.coerce.number().refine((v) => (CELL_SIZES as readonly number[]).includes(v), `must be one of ${CELL_SIZES.join(', ')} (metres)`).default(500),
  // Omitted: the vintage the partnership's areas were imported as (one per authority).
  areaKind: z.enum(['lsoa11', 'lsoa21']).optional(),
  threshold: z.coerce.number().positive().max(MAX_REACH_M).default(1600),
  gapFraction: z.coerce.number().min(0).max(1).default(0.5),
  bands: numberList.default([800, 1600, 2400]),
  weights: numberList.default([1, 0.68, 0.22]),
  group: z.enum(whoForCodes).optional(),
};

type ParamsIn = { bands: number[]; weights: number[] } & Record<string, unknown>;

/** Bands and weights come as two lists that must pair up and be a valid band set. */
function pairBands<T extends ParamsIn>(value: T, ctx: z.RefinementCtx) {
  if (value.bands.length !== value.weights.length) {
    ctx.addIssue({ code: 'custom', path: ['weights'], message: `needs one weight per band (${value.bands.length})` });
    return;
  }
  const furthest = Math.max(...value.bands);
  if (furthest > MAX_REACH_M) {
    ctx.addIssue({ code: 'custom', path: ['bands'], message: `band edges must be at most ${MAX_REACH_M} m` });
    return;
  }
  try {
    checkBands(value.bands.map((upTo, i) => ({ upTo, weight: value.weights[i] })));
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['bands'], message: (err as Error).message });
  }
}

export const cellsQuerySchema = z.object({ ...gapParamsShape, category: z.enum(categoryCodes) }).strict().superRefine(pairBands);
export const csvQuerySchema = z.object({ ...gapParamsShape, category: categoryList.optional() }).strict().superRefine(pairBands);
export const summaryQuerySchema = csvQuerySchema;
export const suggestionsQuerySchema = z
  .object({ ...gapParamsShape, category: z.enum(categoryCodes), k: z.coerce.number().int().min(1).max(20).default(5) })
  .strict()
  .superRefine(pairBands);

export const whatIfBodySchema = z
  .object({
    ...gapParamsShape,
    category: z.enum(categoryCodes),
    assets: z
      .array(
        z.object({
          lat: z.number().min(49).max(61),
          lng: z.number().min(-9).max(2.5),
          capacity: z.number().positive().max(1000).default(1),
        }).strict(),
      )
      .min(1)
      .max(50),
  })
  .strict()
  .superRefine(pairBands);

export type GapQuery = z.infer<typeof cellsQuerySchema>;
