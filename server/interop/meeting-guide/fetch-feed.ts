import { HttpError } from '../../http/errors';

/**
 * A published feed by URL (an intergroup's meeting finder serves one). Bounded in time
 * and size; any failure is the client's 422 naming `query.url`, never a 500.
 */
export async function fetchFeed(url: string, maxBytes: number, timeoutMs = 20_000): Promise<string> {
  const fail = (message: string) => new HttpError(422, 'feed_unavailable', `The feed could not be fetched: ${message}.`, [{ field: 'query.url', message }]);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/json' }, redirect: 'follow' });
  } catch (err) {
    throw fail(err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : 'cannot be reached');
  }
  if (!res.ok) throw fail(`answered HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw fail('is too large');
  const buffer = Buffer.from(await res.arrayBuffer());
  if (buffer.length > maxBytes) throw fail('is too large');
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}
