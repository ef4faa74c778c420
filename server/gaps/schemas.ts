import { z } from 'zod';
import { checkBands } from '../access/measures';
import { categoryCodes, whoForCodes, type Role } from '../domain/vocabulary';

/** Who reads gap maps (docs/gaps-method.md says why anonymous visitors do not). */
export const GAP_READERS: Role[] = ['commissioner', 'coordinator', 'researcher', 'admin'];

/** "800,1600,2400" (query) or [800, 1600, 2400] (body). */
const numberList = z.union([
  z.array(z.number()),
  z.string().transform((s, ctx) => {
    const values = s.split(',').map((v) => Number(v.trim()));
    if (values.some((v) => !Number.isFinite(v)) || s.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'must be numbers separated by commas' });
      return z.NEVER;
    }
    return values;
  }),
]);

const categoryList = z.union([z.array(z.enum(categoryCodes)), z.string().transform((s) => s.split(',').map((v) => v.trim())).pipe(z.array(z.enum(categoryCodes)))]);

export const gapParamsShape = {
  cells: z.enum(['hex', 'lsoa']).default('hex'),
  cellSize: z.coerce.number().int().min(100).max(10_000).default(500),
  // Omitted: the vintage the partnership's areas were imported as (one per authority).
  areaKind: z.enum(['lsoa11', 'lsoa21']).optional(),
  threshold: z.coerce.number().positive().max(50_000).default(1600),
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
