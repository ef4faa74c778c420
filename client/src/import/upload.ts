/** Talking to the import API: the file as the request body, the import run as a job whose progress is polled. */
export type Preview = { headers: string[]; sample: Record<string, string>[]; rows: number; fields: string[]; savedMapping: Record<string, string> | null; suggestedMapping: Record<string, string> };
export type RowProblem = { row: number; field: string; message: string };
export type Report = { rows: number; created: number; updated: number; unchanged: number; skipped: number; problems: RowProblem[] };
type Progress = { phase: string; done: number; total: number };
export type ImportError = { code: string; message: string; details?: { field: string; message: string }[] };
export type Outcome = { report: Report } | { error: ImportError };

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

type Job = { state: 'queued' | 'running' | 'succeeded' | 'failed'; progress: Progress | null; report: Report | null; error: ImportError | null; url: string };

const POLL_MS = 500;
const errorOf = async (res: Response): Promise<Outcome> => {
  const body = await res.json().catch(() => ({}));
  return { error: body.error ?? { code: `http_${res.status}`, message: `The server answered ${res.status}.` } };
};

/**
 * Send the file and have the server import it as a background job (202 with the job's
 * URL), then ask the job how far it has got every half second until it ends. Progress is
 * the job's own (phase, done of total), so the bar and its text always say the same.
 */
export async function importAsJob(url: string, file: File, csrf: string | null, onProgress: (p: Progress) => void): Promise<Outcome> {
  const res = await fetch(url, { method: 'POST', body: file, headers: { 'Content-Type': 'text/csv', Prefer: 'respond-async', 'X-CSRF-Token': csrf ?? '' } });
  if (res.status === 200) return { report: (await res.json()) as Report };
  if (res.status !== 202) return errorOf(res);
  const jobUrl = ((await res.json()) as { job: Job }).job.url;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const poll = await fetch(jobUrl, { headers: { Accept: 'application/json' } }).catch(() => null);
    // A busy server (503) or a dropped connection: ask again next time round.
    if (!poll || poll.status === 503) continue;
    if (!poll.ok) return errorOf(poll);
    const { job } = (await poll.json()) as { job: Job };
    if (job.progress) onProgress(job.progress);
    if (job.state === 'succeeded') return { report: job.report! };
    if (job.state === 'failed') return { error: job.error ?? { code: 'job_failed', message: 'The import failed.' } };
  }
}

/** The import page's name for it (it streamed NDJSON progress before imports became jobs). */
export const streamImport = importAsJob;
