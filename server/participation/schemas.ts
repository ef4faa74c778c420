import { z } from 'zod';
import { participationCodes, reviewPerspectiveCodes } from '../domain/vocabulary';

/** A calendar date, YYYY-MM-DD, in a range the database holds. */
const reviewDate = z.string().date('must be a date like 2026-12-07').refine((s) => s >= '1900-01-01' && s <= '9999-12-31', 'must be between 1900 and 9999');

export const roundCreateSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    reviewDate,
    serviceIds: z.array(z.string().uuid()).min(1).max(500).refine((ids) => new Set(ids).size === ids.length, 'lists a service twice'),
    perspectives: z.array(z.enum(reviewPerspectiveCodes)).min(1).refine((p) => new Set(p).size === p.length, 'lists a perspective twice'),
  })
  .strict();
export type RoundCreateInput = z.infer<typeof roundCreateSchema>;

/**
 * One perspective's view of one service (`assetId`) or of the partnership as a whole
 * (`assetId: null`). No field for anyone's name: entries for people in treatment are
 * made on their behalf and must not identify them (unknown fields are refused).
 */
export const entryCreateSchema = z
  .object({
    perspective: z.enum(reviewPerspectiveCodes),
    assetId: z.string().uuid().nullable(),
    level: z.enum(participationCodes),
    reason: z.string().trim().min(3, 'must say why (3+ characters)').max(1000),
    example: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();
export type EntryCreateInput = z.infer<typeof entryCreateSchema>;
