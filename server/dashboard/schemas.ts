import { z } from 'zod';
import { categoryCodes } from '../domain/vocabulary';
import { GAP_READERS } from '../gaps/schemas';

/** Who reads the dashboard (as the gap maps: docs/gaps-method.md) and who may take a snapshot. */
export const DASHBOARD_READERS = GAP_READERS;
export const SNAPSHOT_TAKERS = ['commissioner', 'coordinator', 'admin'] as const;

const placeName = z.string().trim().min(1).max(120);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, 'must be a real date');
export const dashboardQuerySchema = z.object({
  town: placeName.optional(),
  locality: placeName.optional(),
  /** A ward the admin imported, by its name or its code. */
  ward: placeName.optional(),
  since: isoDate.optional(),
  focus: z.string().transform((s) => s.split(',').map((v) => v.trim())).pipe(z.array(z.enum(categoryCodes)).min(1).max(2, 'at most 2 categories')).optional(),
}).strict().superRefine((q, ctx) => {
  // One place at a time: the later of the fields given is named.
  const given = (['town', 'locality', 'ward'] as const).filter((k) => q[k]);
  if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[given.length - 1]], message: 'give one of town, locality or ward, not more' });
});
