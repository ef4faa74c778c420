import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isRefusedAddress } from './outbound-address';

/**
 * The only place the server fetches a URL on a user's behalf. Every such code path is
 * listed here, so the outbound check has one module to read and one to test:
 *
 * - POST /api/imports/meeting-guide?url=… (server/interop/meeting-guide/routes.ts):
 *   an intergroup's published Meeting Guide feed.
 *
 * (The basemap tiles are fetched by the browser, never by the server.)
 *
 * What it guarantees, against request forgery towards the server's own network:
 * - http and https only, no user:password@ in the URL;
 * - every address a host name resolves to must be public unicast (outbound-address.ts),
 *   checked before connecting, and the connection goes to that checked address (the
 *   resolution is pinned, so a second DNS answer cannot swap in 127.0.0.1);
 * - redirects are followed by hand, at most MAX_REDIRECTS, each hop checked the same way;
 * - the byte limit is enforced while reading (the rest is never read) and the deadline
 *   covers DNS, connecting, redirects and reading;
 * - every failure is the same OutboundError with one generic message: no status codes,
 *   addresses or reasons from the far side reach the caller's answer.
 *
 * `allowHosts` (WAYMARK_OUTBOUND_ALLOW_HOSTS) names hosts or addresses that may be
 * private: a partnership's own intranet feed, or 127.0.0.1 in tests.
 */
export const OUTBOUND_USES = ['meeting-guide feed import (POST /api/imports/meeting-guide?url=)'] as const;
export const MAX_REDIRECTS = 5;

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;
export type OutboundOptions = {
  maxBytes: number;
  timeoutMs: number;
  allowHosts?: readonly string[];
  accept?: string;
  /** DNS resolution (all addresses); tests inject answers to prove private ones are refused before any connection. */
  resolve?: Resolver;
};

/** Why a fetch failed, for logs and tests only: callers show OUTBOUND_FAILED, never this. */
export type OutboundFailure = 'bad_url' | 'refused_address' | 'dns' | 'too_many_redirects' | 'http_status' | 'too_large' | 'timeout' | 'network';
export const OUTBOUND_FAILED = 'the feed could not be fetched';
export class OutboundError extends Error {
  constructor(readonly reason: OutboundFailure) {
    super(OUTBOUND_FAILED);
  }
}

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The body of `url` as text (UTF-8, BOM dropped), within the limits, or an OutboundError. */
export async function fetchText(url: string, opts: OutboundOptions): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const body = await withDeadline(controller.signal, followRedirects(url, opts, controller.signal));
    return body.toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    clearTimeout(timer);
  }
}

async function followRedirects(start: string, opts: OutboundOptions, signal: AbortSignal): Promise<Buffer> {
  let url = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = parseTarget(url);
    const address = await checkedAddress(target.hostname, opts);
    if (signal.aborted) throw new OutboundError('timeout');
    const answer = await requestOnce(target, address, opts, signal);
    if ('redirect' in answer) {
      url = new URL(answer.redirect, target).toString();
      continue;
    }
    return answer.body;
  }
  throw new OutboundError('too_many_redirects');
}

function parseTarget(url: string): URL {
  let target: URL;
  try {
    // WHATWG parsing turns 2130706433, 0x7f.1 and 017700000001 into 127.0.0.1.
    target = new URL(url);
  } catch {
    throw new OutboundError('bad_url');
  }
  if (!/^https?:$/.test(target.protocol) || target.username || target.password) throw new OutboundError('bad_url');
  return target;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** The one address to connect to: every address of the name must be allowed, not just the first. */
async function checkedAddress(hostname: string, opts: OutboundOptions): Promise<{ address: string; family: number }> {
  const host = bare(hostname);
  const allowed = new Set((opts.allowHosts ?? []).map(bare));
  let answers: { address: string; family: number }[];
  if (isIP(host)) answers = [{ address: host, family: isIP(host) }];
  else {
    try {
      answers = await (opts.resolve ?? systemResolver)(host);
    } catch {
      throw new OutboundError('dns');
    }
  }
  if (!answers.length) throw new OutboundError('dns');
  const hostAllowed = allowed.has(host);
  if (answers.some((a) => isRefusedAddress(a.address) && !hostAllowed && !allowed.has(bare(a.address)))) throw new OutboundError('refused_address');
  return answers[0];
}

type Answer = { redirect: string } | { body: Buffer };

function requestOnce(target: URL, pinned: { address: string; family: number }, opts: OutboundOptions, signal: AbortSignal): Promise<Answer> {
  // Node asks this for the name it connects to: the answer is the address already checked.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    return callback(null, pinned.address, pinned.family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const req = client.request(
      target,
      { method: 'GET', headers: { Accept: opts.accept ?? 'application/json', 'User-Agent': 'Waymark feed import' }, lookup, signal, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          resolve({ redirect: res.headers.location });
          res.destroy();
          return;
        }
        if (status < 200 || status >= 300) {
          reject(new OutboundError('http_status'));
          res.destroy();
          return;
        }
        if (Number(res.headers['content-length'] ?? 0) > opts.maxBytes) {
          reject(new OutboundError('too_large'));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            // Reject first: destroying the stream emits its own errors.
            reject(new OutboundError('too_large'));
            res.destroy();
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ body: Buffer.concat(chunks) }));
        res.on('error', () => reject(new OutboundError(signal.aborted ? 'timeout' : 'network')));
        res.on('aborted', () => reject(new OutboundError(signal.aborted ? 'timeout' : 'network')));
      },
    );
    req.on('error', () => reject(new OutboundError(signal.aborted ? 'timeout' : 'network')));
    req.end();
  });
}

/** The work, unless the deadline comes first (a DNS lookup cannot be cancelled, so it is raced). */
function withDeadline<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OutboundError('timeout'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
