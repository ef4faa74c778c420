/** Talking to the import API: the file as the request body, progress read as NDJSON lines. */
export type Preview = { headers: string[]; sample: Record<string, string>[]; rows: number; fields: string[]; savedMapping: Record<string, string> | null; suggestedMapping: Record<string, string> };
export type RowProblem = { row: number; field: string; message: string };
export type Report = { rows: number; created: number; updated: number; unchanged: number; skipped: number; problems: RowProblem[] };
type Progress = { phase: string; done: number; total: number };
export type Outcome = { report: Report } | { error: { code: string; message: string; details?: { field: string; message: string }[] } };

export const FIELD_LABELS: Record<string, string> = {
  externalId: 'Reference (for re-imports)', name: 'Name', description: 'Description', category: 'Category', tags: 'Tags', whoFor: 'Who it is for',
  phone: 'Phone', email: 'Email', website: 'Website', peerLed: 'Peer-led', selfReferral: 'Self-referral', professionalReferral: 'Professional referral',
  wheelchairAccess: 'Wheelchair access', cost: 'Cost', costNotes: 'Cost notes', scheduleNotes: 'When it runs', venueName: 'Venue',
  address: 'Address', postcode: 'Postcode', lat: 'Latitude', lng: 'Longitude',
};

/** "rows.4.Service name" → { row: 4, field: "Service name" }. */
export function rowProblems(details: { field: string; message: string }[]): RowProblem[] {
  return details.flatMap((d) => {
    const m = /^rows\.(\d+)\.(.*)$/.exec(d.field);
    return m ? [{ row: Number(m[1]), field: m[2], message: d.message }] : [];
  });
}

export async function streamImport(url: string, file: File, csrf: string | null, onProgress: (p: Progress) => void): Promise<Outcome> {
  const res = await fetch(url, { method: 'POST', body: file, headers: { 'Content-Type': 'text/csv', Accept: 'application/x-ndjson', 'X-CSRF-Token': csrf ?? '' } });
  if (!res.ok || !res.body) {
    const body = await res.json().catch(() => ({}));
    return { error: body.error ?? { code: `http_${res.status}`, message: `The server answered ${res.status}.` } };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let last: Outcome | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (line.progress) onProgress(line.progress);
      else last = line as Outcome;
    }
  }
  return last ?? { error: { code: 'no_answer', message: 'The import ended without a report.' } };
}
