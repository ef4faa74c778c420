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

/**
 * A number written in a query string: decimal digits only. `z.coerce.number()` would turn
 * '' into 0 and ' ' into 0, so an empty `lat=` or `offset=` became a real value.
 */
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
export const numberParam = z
  .string()
  .trim()
  .regex(DECIMAL, 'must be a number')
  .transform(Number)
  .pipe(z.number().finite('must be a finite number'));

export const limitParam = (defaultLimit: number, maxLimit: number) =>
  numberParam.pipe(z.number().int().min(1).max(maxLimit)).default(defaultLimit);

export const offsetParam = numberParam.pipe(z.number().int().min(0).max(1_000_000)).default(0);

/** In a JSON body, coordinates are JSON numbers: null, true, [53.7] and '' are refused, never coerced. */
export const latitude = z.number('must be a number').finite().min(-90).max(90);
export const longitude = z.number('must be a number').finite().min(-180).max(180);
/** In a query string: a decimal number, never empty. */
export const latitudeParam = numberParam.pipe(z.number().min(-90).max(90));
export const longitudeParam = numberParam.pipe(z.number().min(-180).max(180));

export type Bbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** `bbox=minLng,minLat,maxLng,maxLat` in WGS84, as OGC API Features. */
export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const raw = s.split(',').map((p) => p.trim());
    const parts = raw.map(Number);
    // Each part must be written out: Number('') is 0, so `bbox=,,,` was the null island.
    if (parts.length !== 4 || raw.some((p) => !DECIMAL.test(p)) || parts.some((n) => !Number.isFinite(n))) {
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

/**
 * An ISO date or date-time between years 1900 and 9999. PostgreSQL refuses year 0 and
 * JavaScript dates stray beyond what timestamptz holds, so out-of-range values are a 400
 * here rather than a database error.
 */
export const isoDateTime = z
  .string()
  .datetime({ offset: true })
  .or(z.string().date())
  .transform((s, ctx) => {
    const d = new Date(s);
    const year = d.getUTCFullYear();
    if (Number.isNaN(d.getTime()) || year < 1900 || year > 9999) {
      ctx.addIssue({ code: 'custom', message: 'must be a date between 1900-01-01 and 9999-12-31' });
      return z.NEVER;
    }
    return d;
  });

export const uuidParam = z.string().uuid();

export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');
