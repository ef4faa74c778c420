/** The dashboard's query from the page's address (the same parameters the report takes). */
export function queryOf(search: string): Record<string, string> {
  const p = new URLSearchParams(search);
  const out: Record<string, string> = {};
  for (const k of ['town', 'locality', 'ward', 'since']) if (p.get(k)) out[k] = p.get(k)!;
  return out;
}
