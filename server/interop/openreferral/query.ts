import { z } from 'zod';
import { booleanParam, csvList, isoDateTime, latitudeParam, longitudeParam } from '../../http/params';
import { postcodeSchema } from '../../assets/schemas';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
/** "HH:MM" or "HH:MM:SS" (ORUK's `time`), read as HH:MM. */
const time = z.string().trim().regex(/^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, 'must be HH:MM (24-hour)').transform((t) => t.slice(0, 5));

/** Query parameters of the HSDS 3 API (schema/openapi.json), checked strictly: an unknown one is a 400. */
const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(1000).default(50),
  format: z.enum(['json']).optional(),
};

export const pageQuery = z.object({ search: z.string().trim().min(1).max(200).optional(), ...paging }).strict();

export const listQuery = z
  .object({
    search: z.string().trim().min(1).max(200).optional(),
    ...paging,
    taxonomy_term_id: csvList(z.string().uuid()).optional(),
    taxonomy_id: z.string().uuid().optional(),
    organization_id: z.string().uuid().optional(),
    modified_after: isoDateTime.optional(),
    full: booleanParam.default(false),
    /** HSDS: just each service's id and last_modified. */
    minimal: booleanParam.default(false),
    /** The fully nested service inside each service_at_location list item (a common extension). */
    full_service: booleanParam.default(false),
    /** ORUK: services with a weekly session on this day ("MO", "Monday", "monday"). */
    day: z.string().trim().transform((d, ctx) => {
      const i = DAYS.findIndex((name, n) => d.toLowerCase() === name.toLowerCase() || d.toUpperCase() === BYDAY[n]);
      if (i < 0) ctx.addIssue({ code: 'custom', message: 'is not a day of the week (MO…SU, or Monday…Sunday)' });
      return i;
    }).optional(),
    start_time: time.optional(),
    end_time: time.optional(),
    /** ORUK: Waymark records hold no age range, so these select nothing out (documented in docs/interop.md). */
    minimum_age: z.coerce.number().int().min(0).max(150).optional(),
    maximum_age: z.coerce.number().int().min(0).max(150).optional(),
    postcode: postcodeSchema.optional(),
    /** Metres from the postcode's centre (HSDS), or from lat/lng (a Waymark extension). */
    proximity: z.coerce.number().positive().max(200_000).optional(),
    lat: latitudeParam.optional(),
    lng: longitudeParam.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const point = q.lat !== undefined || q.lng !== undefined;
    if (q.proximity !== undefined && !q.postcode && (q.lat === undefined || q.lng === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['proximity'], message: 'needs postcode, or lat and lng' });
    }
    if ((q.postcode || point) && q.proximity === undefined) ctx.addIssue({ code: 'custom', path: ['proximity'], message: 'is needed with postcode or lat/lng' });
    if (q.postcode && point) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'give postcode or lat/lng, not both' });
    if (q.minimal && (q.full || q.full_service)) ctx.addIssue({ code: 'custom', path: ['minimal'], message: 'cannot be combined with full' });
    if (q.minimum_age !== undefined && q.maximum_age !== undefined && q.minimum_age > q.maximum_age) ctx.addIssue({ code: 'custom', path: ['maximum_age'], message: 'must not be below minimum_age' });
  });
export type ListQuery = z.infer<typeof listQuery>;

export const termListQuery = z
  .object({
    search: z.string().trim().min(1).max(200).optional(),
    ...paging,
    taxonomy_id: z.string().uuid().optional(),
    parent_id: z.string().uuid().optional(),
    top_only: booleanParam.optional(),
  })
  .strict();
export type TermListQuery = z.infer<typeof termListQuery>;
