/**
 * Names' trigrams as pg_trgm makes them, as sorted sets of numbers, and the most the
 * pg_trgm score of two names can be from them (pairs.ts). Pure (no I/O).
 */
const TRIGRAM_SLACK = 1e-6;

/** The most the pg_trgm score of two names can be, from their show_trgm sets (ids, sorted). */
export function trigramUpperBound(a: Int32Array, b: Int32Array): number {
  if (!a.length || !b.length) return 1;
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) { common++; i++; j++; } else if (a[i] < b[j]) i++; else j++;
  }
  const similarity = common / (a.length + b.length - common);
  const wordSimilarity = common / Math.min(a.length, b.length);
  return Math.min(1, (similarity + wordSimilarity) / 2 + TRIGRAM_SLACK);
}

/**
 * pg_trgm's trigrams of a name made only of ASCII characters, as show_trgm(waymark_fold(name))
 * gives them (null for any other name: the database is asked). For ASCII, waymark_fold is
 * lower(); pg_trgm splits the text into runs of letters and digits and pads each run with
 * two spaces before and one after. Checked equal to show_trgm in test/interop/bulk-pairs.test.ts.
 */
export function asciiTrigrams(name: string): string[] | null {
  if (!isAsciiName(name)) return null;
  const trigrams = new Set<string>();
  for (const word of name.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) trigrams.add(padded.slice(i, i + 3));
  }
  return [...trigrams];
}

/** Made only of ASCII characters: its trigrams and words are worked out here, not asked of the database. */
export const isAsciiName = (name: string) => /^[\x00-\x7f]*$/.test(name);

/**
 * trigramIds([asciiTrigrams(name)])[0] without the strings (a fifth of the pair search's
 * time went on them): each trigram's three character codes packed as trigramIds packs them.
 */
export function asciiTrigramIds(name: string): Int32Array | null {
  if (!isAsciiName(name)) return null;
  const ids: number[] = [];
  for (const word of name.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    // "  word ": two spaces before, one after.
    let a = 32, b = 32;
    for (let i = 0; i <= word.length; i++) {
      const c = i < word.length ? word.charCodeAt(i) : 32;
      ids.push((a << 16) | (b << 8) | c);
      a = b;
      b = c;
    }
  }
  return sortedSet(ids);
}

/** The distinct numbers, sorted. */
function sortedSet(ids: ArrayLike<number>): Int32Array {
  const sorted = Int32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return n === sorted.length ? sorted : sorted.slice(0, n);
}

/**
 * Each name's trigrams as a sorted set of numbers: three characters below U+0100 packed
 * into one number (no lookup), anything else numbered as met.
 */
export function trigramIds(sets: string[][], others = new Map<string, number>()): Int32Array[] {
  const idOf = (t: string) => {
    if (t.length === 3 && t.charCodeAt(0) < 256 && t.charCodeAt(1) < 256 && t.charCodeAt(2) < 256) return (t.charCodeAt(0) << 16) | (t.charCodeAt(1) << 8) | t.charCodeAt(2);
    let id = others.get(t);
    if (id === undefined) others.set(t, (id = 2 ** 24 + others.size));
    return id;
  };
  return sets.map((set) => sortedSet(set.map(idOf)));
}
