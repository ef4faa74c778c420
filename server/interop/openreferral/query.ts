import { z } from 'zod';
import { booleanParam, csvList, isoDateTime, latitudeParam, longitudeParam } from '../../http/params';
import { postcodeSchema } from '../../assets/schemas';

/** Query parameters of the HSDS 3 API (schema/openapi.json), checked strictly: an unknown one is a 400. */
const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(500).default(50),
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
