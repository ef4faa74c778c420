import { z } from 'zod';
import { bboxParam, booleanParam, offsetParam } from '../../http/params';
import { categoryCodes, leroStageCodes, whoForCodes } from '../../domain/vocabulary';
import { gapParamsShape } from '../../gaps/schemas';
import { PAIR_STATUSES } from '../../linkage/types';
import { fromZod } from '../../http/errors';
import { CRS84, GAP_DEFAULT_CATEGORY, type CollectionDef } from './collections';
import { parseDatetime, type DatetimeFilter } from './datetime';

/** Items are served in pages of at most this many; a larger `limit` is not an error (Part 1, 7.15.3) but is capped. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

const datetimeParam = z.string().transform((s, ctx): DatetimeFilter => {
  const parsed = parseDatetime(s);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const common = {
  limit: z.coerce.number().int().min(1).transform((n) => Math.min(n, MAX_LIMIT)).default(DEFAULT_LIMIT),
  offset: offsetParam,
  bbox: bboxParam.optional(),
  'bbox-crs': z.literal(CRS84).optional(),
  crs: z.literal(CRS84).optional(),
  datetime: datetimeParam.optional(),
  f: z.enum(['json', 'geojson']).optional(),
  // Not an OGC parameter: numberMatched is counted only when asked for (or free, on the last page).
  numberMatched: booleanParam.optional(),
};

const FILTERS: Record<CollectionDef['id'], z.ZodRawShape> = {
  assets: {
    category: z.enum(categoryCodes).optional(),
    peerLed: booleanParam.optional(),
    whoFor: z.enum(whoForCodes).optional(),
    organisationId: z.string().uuid().optional(),
  },
  sites: {},
  leros: { leroStage: z.enum(leroStageCodes).optional(), cleroMember: booleanParam.optional() },
  pathways: { campaignId: z.string().uuid().optional(), status: z.enum(PAIR_STATUSES).optional(), outcome: z.coerce.number().int().min(0).max(3).optional() },
  // The gaps API's own parameters and defaults (bands and weights stay at theirs).
  'gap-cells': {
    category: z.enum(categoryCodes).default(GAP_DEFAULT_CATEGORY as (typeof categoryCodes)[number]),
    group: gapParamsShape.group,
    cells: gapParamsShape.cells,
    cellSize: gapParamsShape.cellSize,
    threshold: gapParamsShape.threshold,
    gapFraction: gapParamsShape.gapFraction,
    gap: booleanParam.optional(),
  },
};

/** The gaps API's default distance bands and weights, which the gap-cells collection keeps. */
export const GAP_BANDS = z.object({ bands: gapParamsShape.bands, weights: gapParamsShape.weights }).parse({}) as { bands: number[]; weights: number[] };

export type ItemsQuery = {
  limit: number; offset: number; numberMatched?: boolean; bbox?: { minLng: number; minLat: number; maxLng: number; maxLat: number }; datetime?: DatetimeFilter;
  category?: string; peerLed?: boolean; whoFor?: string; organisationId?: string; leroStage?: string; cleroMember?: boolean;
  campaignId?: string; status?: string; outcome?: number;
  group?: string; cells?: 'hex' | 'lsoa'; cellSize?: number; threshold?: number; gapFraction?: number; gap?: boolean;
};

/** Each collection's items schema, made once (not per request). */
const itemsSchemas = new Map<CollectionDef['id'], z.ZodTypeAny>();
function itemsSchema(collection: CollectionDef): z.ZodTypeAny {
  let schema = itemsSchemas.get(collection.id);
  if (!schema) {
    const { datetime, ...timeless } = common;
    schema = z.object({ ...(collection.temporal ? { ...timeless, datetime } : timeless), ...FILTERS[collection.id] }).strict();
    itemsSchemas.set(collection.id, schema);
  }
  return schema;
}

/** A collection's items query, strictly: a parameter the collection does not define is a 400 (Part 1, 7.15.1). */
export function parseItemsQuery(collection: CollectionDef, query: unknown): ItemsQuery {
  const parsed = itemsSchema(collection).safeParse(query);
  if (!parsed.success) throw fromZod(parsed.error, 'query');
  return parsed.data as ItemsQuery;
}

export const featureQuery = z.object({ f: common.f, crs: common.crs }).strict();
export const formatQuery = z.object({ f: z.enum(['json']).optional() }).strict();
