import type { z } from 'zod';

/**
 * Rows parsed by their schema a slice at a time, letting the event loop go between slices:
 * a 138,000-cell grid or 200,000 supply points parsed in one go held it for about half a
 * second each (health checks and every other request waited).
 */
export async function parseRows<S extends z.ZodTypeAny>(schema: S, rows: unknown[], slice = 10_000): Promise<z.infer<S>[]> {
  const out: z.infer<S>[] = [];
  for (let i = 0; i < rows.length; i += slice) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(rows.length, i + slice);
    for (let n = i; n < end; n++) out.push(schema.parse(rows[n]));
  }
  return out;
}
