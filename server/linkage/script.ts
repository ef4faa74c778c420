/**
 * Call-script placeholders: `{A.name}`, `{B.category}` … filled for each pair. Pure.
 * Unknown placeholders are refused when the script is saved, so a caller never reads a
 * raw `{B.nmae}` aloud.
 */
export const PLACEHOLDERS = ['A.name', 'A.category', 'A.organisation', 'B.name', 'B.category', 'B.organisation'] as const;

export type ScriptEnd = { name: string; category: string; organisation: string | null };

const PATTERN = /\{([^{}]*)\}/g;

export function unknownPlaceholders(template: string): string[] {
  const found = [...template.matchAll(PATTERN)].map((m) => m[1]);
  return [...new Set(found.filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p)))];
}

export function fillScript(template: string, ends: { A: ScriptEnd; B: ScriptEnd }): string {
  return template.replace(PATTERN, (whole, key: string) => {
    const [side, field] = key.split('.') as ['A' | 'B', keyof ScriptEnd];
    if (!(PLACEHOLDERS as readonly string[]).includes(key)) return whole;
    return ends[side][field] ?? '';
  });
}
