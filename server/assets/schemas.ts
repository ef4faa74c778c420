import { z } from 'zod';
import {
  assetStatusCodes,
  categoryCodes,
  commissioningCodes,
  costCodes,
  learnedFromCodes,
  participationCodes,
  whoForCodes,
} from '../domain/vocabulary';
import { bboxParam, booleanParam, csvList, isoDateTime, latitude, latitudeParam, limitParam, longitude, longitudeParam, numberParam, offsetParam } from '../http/params';

/** UK postcode, loosely: outward code, space optional, inward code. Normalised to "HX1 1AA". */
export const postcodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'is not a UK postcode')
  .transform((p) => p.replace(/\s+/g, '').replace(/^(.+)(.{3})$/, '$1 $2'));

const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM (24-hour)');

/**
 * One weekly session. `day` follows Meeting Guide: 0 = Sunday … 6 = Saturday. An end
 * before the start is on the next day (23:00–00:00 ends at midnight, as Meeting Guide and
 * HSDS schedules write it); only an end equal to the start is refused.
 */
export const scheduleEntrySchema = z
  .object({
    day: z.number().int().min(0).max(6),
    start: time,
    end: time.nullable().optional(),
    note: z.string().trim().max(200).nullable().optional(),
  })
  .refine((e) => !e.end || e.end !== e.start, { message: 'must differ from start (an earlier end is the next day)', path: ['end'] });

const urlSchema = z.string().trim().url().max(500).refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://');
// An extension is kept after the number ("0300 123 4567 x204"): directories publish them.
const phoneSchema = z.string().trim().regex(/^[0-9+() -]{6,25}(?: ?(?:x|ext\.?) ?[0-9]{1,6})?$/i, 'is not a phone number');

/**
 * A place the asset runs. Either an existing site (`id`, shared with other assets:
 * co-location), or a new one from a point. The form edits one site; the API takes several.
 */
export const siteInputSchema = z.union([
  z.object({ id: z.string().uuid() }).strict(),
  z
    .object({
      venueName: z.string().trim().max(200).nullable().optional(),
      address: z.string().trim().max(300).nullable().optional(),
      postcode: postcodeSchema.nullable().optional(),
      lat: latitude,
      lng: longitude,
    })
    .strict(),
]);

const assetFields = {
  name: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  description: z.string().trim().max(5000).nullable().optional(),
  organisationId: z.string().uuid().nullable().optional(),
  category: z.enum(categoryCodes),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(30).default([]),
  sensitive: z.boolean().default(false),
  phone: phoneSchema.nullable().optional(),
  email: z.string().trim().email().max(254).nullable().optional(),
  website: urlSchema.nullable().optional(),
  schedule: z.array(scheduleEntrySchema).max(50).default([]),
  scheduleNotes: z.string().trim().max(1000).nullable().optional(),
  whoFor: z.array(z.enum(whoForCodes)).max(whoForCodes.length).default([]),
  selfReferral: z.boolean().nullable().optional(),
  professionalReferral: z.boolean().nullable().optional(),
  wheelchairAccess: z.boolean().nullable().optional(),
  cost: z.enum(costCodes).nullable().optional(),
  costNotes: z.string().trim().max(500).nullable().optional(),
  peerLed: z.boolean().default(false),
  commissioning: z.enum(commissioningCodes).nullable().optional(),
  participationLevel: z.enum(participationCodes).nullable().optional(),
  learnedFrom: z.enum(learnedFromCodes).nullable().optional(),
  sites: z.array(siteInputSchema).max(20).default([]),
};

/** Create: coordinators and admins may ask to publish at once; volunteers' records wait for review. */
export const assetCreateSchema = z
  .object({
    ...assetFields,
    publish: z.boolean().default(false),
    /** Idempotency key: a resend with the same key returns the record the first send made. */
    clientRequestId: z.string().uuid().optional(),
    /** A coordinator's confirmation that a new site outside the partnership's boundary is meant. */
    confirmOutsideBoundary: z.boolean().optional(),
  })
  .strict();
export type AssetCreateInput = z.infer<typeof assetCreateSchema>;

/** Update: any subset of fields; `sites`, when given, replaces the asset's set of sites. */
export const assetUpdateSchema = z
  .object({
    name: assetFields.name,
    description: assetFields.description,
    organisationId: assetFields.organisationId,
    category: assetFields.category,
    tags: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(30),
    sensitive: z.boolean(),
    phone: assetFields.phone,
    email: assetFields.email,
    website: assetFields.website,
    schedule: z.array(scheduleEntrySchema).max(50),
    scheduleNotes: assetFields.scheduleNotes,
    whoFor: z.array(z.enum(whoForCodes)).max(whoForCodes.length),
    selfReferral: assetFields.selfReferral,
    professionalReferral: assetFields.professionalReferral,
    wheelchairAccess: assetFields.wheelchairAccess,
    cost: assetFields.cost,
    costNotes: assetFields.costNotes,
    peerLed: z.boolean(),
    commissioning: assetFields.commissioning,
    participationLevel: assetFields.participationLevel,
    learnedFrom: assetFields.learnedFrom,
    sites: z.array(siteInputSchema).max(20),
    confirmOutsideBoundary: z.boolean(),
  })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).some((k) => k !== 'confirmOutsideBoundary'), { message: 'must change at least one field' });
export type AssetUpdateInput = z.infer<typeof assetUpdateSchema>;

export const reasonSchema = z.object({ reason: z.string().trim().min(3, 'must say why (3+ characters)').max(1000) }).strict();
export const optionalReasonSchema = z.object({ reason: z.string().trim().max(1000).optional() }).strict();

/** GET /api/assets query: every filter optional, combined with AND. */
export const assetListQuerySchema = z
  .object({
    category: csvList(z.enum(categoryCodes)).optional(),
    tags: csvList(z.string().toLowerCase()).optional(),
    whoFor: csvList(z.enum(whoForCodes)).optional(),
    status: csvList(z.enum(assetStatusCodes)).optional(),
    organisationId: z.string().uuid().optional(),
    q: z.string().trim().min(1).max(200).optional(),
    bbox: bboxParam.optional(),
    lat: latitudeParam.optional(),
    lng: longitudeParam.optional(),
    withinMetres: numberParam.pipe(z.number().positive().max(200_000)).optional(),
    updatedSince: isoDateTime.optional(),
    peerLed: booleanParam.optional(),
    sensitive: booleanParam.optional(),
    limit: limitParam(50, 5000),
    offset: offsetParam,
    format: z.enum(['json', 'geojson']).default('json'),
    /** Listing order; by default distance when near, best match with q, none for a box (a map), else name. */
    sort: z.enum(['name', 'distance', 'none']).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.sort === 'distance' && q.withinMetres === undefined) ctx.addIssue({ code: 'custom', path: ['sort'], message: 'distance needs lat, lng and withinMetres' });
    const near = [q.lat, q.lng, q.withinMetres].filter((v) => v !== undefined).length;
    if (near > 0 && near < 3) {
      for (const k of ['lat', 'lng', 'withinMetres'] as const) {
        if (q[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'is needed with lat, lng and withinMetres together' });
      }
    }
  });
export type AssetListQuery = z.infer<typeof assetListQuerySchema>;

/** The listing filters a query names, as both read paths (full tables, public read model) take them. */
export function listFiltersOf(query: AssetListQuery) {
  return {
    categories: query.category,
    tags: query.tags,
    whoFor: query.whoFor,
    organisationId: query.organisationId,
    q: query.q,
    bbox: query.bbox,
    near: query.withinMetres !== undefined ? { lat: query.lat!, lng: query.lng!, metres: query.withinMetres } : undefined,
    updatedSince: query.updatedSince,
    peerLed: query.peerLed,
    sensitive: query.sensitive,
    sort: query.sort,
    limit: query.limit,
    offset: query.offset,
  };
}

export const duplicateCheckSchema = z
  .object({
    name: assetFields.name,
    points: z.array(z.object({ lat: latitude, lng: longitude }).strict()).min(1).max(20),
    excludeId: z.string().uuid().optional(),
    // Optional evidence that sharpens the match (same phone, different meeting days, another category, …).
    category: assetFields.category.optional(),
    phone: assetFields.phone,
    email: assetFields.email,
    website: assetFields.website,
    organisationId: assetFields.organisationId,
    schedule: z.array(scheduleEntrySchema).max(50).optional(),
  })
  .strict();
export type DuplicateCheckInput = z.infer<typeof duplicateCheckSchema>;

/** Merge the record in the path into `survivorId`: the survivor keeps its id, the other redirects to it. */
export const mergeSchema = z
  .object({
    survivorId: z.string().uuid(),
    reason: z.string().trim().max(1000).optional(),
  })
  .strict();
