import { z } from 'zod';

/**
 * One small parser per query parameter, each clamping and validating, as in
 * pg_featureserv. Query strings arrive as strings (or arrays when repeated).
 */

/** `a,b,c` or repeated `?x=a&x=b` → ['a','b','c']. */
export const csvList = <T extends z.ZodType>(item: T) =>
  z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
    const values = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const parsed = z.array(item).max(50).safeParse(values);
    if (parsed.success) return parsed.data as z.infer<T>[];
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  });

export const limitParam = (defaultLimit: number, maxLimit: number) =>
  z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit);

export const offsetParam = z.coerce.number().int().min(0).max(1_000_000).default(0);

export const latitude = z.coerce.number().min(-90).max(90);
export const longitude = z.coerce.number().min(-180).max(180);

export type Bbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** `bbox=minLng,minLat,maxLng,maxLat` in WGS84, as OGC API Features. */
export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => Number(p.trim()));
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'must be four numbers: minLng,minLat,maxLng,maxLat' });
      return z.NEVER;
    }
    const [minLng, minLat, maxLng, maxLat] = parts;
    if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90) {
      ctx.addIssue({ code: 'custom', message: 'must lie within -180,-90,180,90' });
      return z.NEVER;
    }
    if (minLng > maxLng || minLat > maxLat) {
      ctx.addIssue({ code: 'custom', message: 'min must not exceed max' });
      return z.NEVER;
    }
    return { minLng, minLat, maxLng, maxLat } satisfies Bbox;
  });

export const isoDateTime = z.string().datetime({ offset: true }).or(z.string().date()).transform((s) => new Date(s));

export const uuidParam = z.string().uuid();

export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');
