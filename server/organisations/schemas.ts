import { z } from 'zod';
import { commissioningRouteCodes, leroStageCodes, organisationKindCodes } from '../domain/vocabulary';
import { csvList, limitParam, offsetParam, booleanParam } from '../http/params';

const laCode = z.string().trim().regex(/^[EWSN][0-9]{8}$/, 'must be an ONS local-authority code like E08000033');

const fields = {
  name: z.string().trim().min(2).max(200),
  kind: z.enum(organisationKindCodes),
  description: z.string().trim().max(5000).nullable().optional(),
  // http(s) only: a javascript: or data: "website" would run in whoever clicks it.
  website: z
    .string()
    .trim()
    .url()
    .max(500)
    .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
    .nullable()
    .optional(),
  registrationNumber: z.string().trim().max(40).nullable().optional(),
  leroStage: z.enum(leroStageCodes).nullable().optional(),
  cleroMember: z.boolean().nullable().optional(),
  localAuthoritiesServed: z.array(laCode).max(50).optional(),
  commissioningRoute: z.enum(commissioningRouteCodes).nullable().optional(),
};

/** LERO facts belong to LEROs only. */
const leroOnly = (o: { kind?: string; leroStage?: unknown; cleroMember?: unknown }, ctx: z.RefinementCtx) => {
  if (o.kind && o.kind !== 'lero') {
    for (const k of ['leroStage', 'cleroMember'] as const) {
      if (o[k] !== undefined && o[k] !== null) ctx.addIssue({ code: 'custom', path: [k], message: 'applies to LEROs only' });
    }
  }
};

export const organisationCreateSchema = z.object(fields).strict().superRefine(leroOnly);
export type OrganisationCreateInput = z.infer<typeof organisationCreateSchema>;

export const organisationUpdateSchema = z
  .object(fields)
  .partial()
  .strict()
  .superRefine(leroOnly)
  .refine((o) => Object.keys(o).length > 0, { message: 'must change at least one field' });
export type OrganisationUpdateInput = z.infer<typeof organisationUpdateSchema>;

export const organisationListQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    kind: csvList(z.enum(organisationKindCodes)).optional(),
    /** Coordinators and admins only. */
    includeArchived: booleanParam.default(false),
    /** Coordinators and admins: any; volunteers: their own unpublished too; others: published only. */
    status: csvList(z.enum(['pending', 'published', 'rejected'])).optional(),
    limit: limitParam(100, 1000),
    offset: offsetParam,
  })
  .strict();

export const organisationRejectSchema = z.object({ reason: z.string().trim().min(3, 'must say why (3+ characters)').max(1000) }).strict();
