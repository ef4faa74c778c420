import { z } from 'zod';
import { commissioningRouteCodes, leroStageCodes } from '../domain/vocabulary';
import { booleanParam, csvList } from '../http/params';

const laCode = z.string().regex(/^[EWSN][0-9]{8}$/, 'must be an ONS local-authority code like E08000033');

export const registerQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    stage: csvList(z.enum(leroStageCodes)).optional(),
    la: csvList(laCode).optional(),
    funding: csvList(z.enum(commissioningRouteCodes)).optional(),
    clero: booleanParam.optional(),
    verified: z.enum(['never', 'within_year', 'over_year']).optional(),
    sort: z.enum(['name', 'stage', 'funding', 'verified', 'services']).default('name'),
  })
  .strict();
export type RegisterQuery = z.infer<typeof registerQuerySchema>;
