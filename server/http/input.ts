/**
 * Text a client sends may not carry NUL or other C0 control characters (tab, newline and
 * carriage return are fine). PostgreSQL cannot store NUL in text at all, so without this
 * check a NUL in any field reached the database and came back as a 500; the other control
 * characters have no business in a name or an address either.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export type ControlCharacterProblem = { field: string; message: string };

const describe = (s: string) => {
  const m = FORBIDDEN.exec(s)!;
  const code = m[0].charCodeAt(0);
  return code === 0 ? 'must not contain a NUL character' : `must not contain control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** The first string (value or key) holding a forbidden character, named by its path, or null. */
export function findControlCharacter(value: unknown, path: string[] = [], depth = 0): ControlCharacterProblem | null {
  const name = () => path.join('.') || '(body)';
  if (typeof value === 'string') return FORBIDDEN.test(value) ? { field: name(), message: describe(value) } : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  // Numbers, booleans and nulls hold no text: skipped before any path is built, so a body
  // of 40,000 numbers is checked in well under a millisecond (it took 140 ms or more).
  const holdsText = (v: unknown) => typeof v === 'string' || (v !== null && typeof v === 'object');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!holdsText(value[i])) continue;
      const found = findControlCharacter(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (FORBIDDEN.test(key)) return { field: [...path, key.replace(FORBIDDEN, '?')].join('.'), message: 'field names must not contain control characters' };
    const found = findControlCharacter(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
