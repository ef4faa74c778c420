import type { Request } from 'express';
import { HttpError } from './errors';

/**
 * A file sent as the request body (fetch(url, { body: file })). JSON up to the /api
 * parser's limit arrives parsed and is re-serialised; anything else (text/csv, a larger
 * or un-typed file) is read from the stream here, up to `maxBytes`.
 */
export async function uploadedText(req: Request, maxBytes: number): Promise<string> {
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && req.readableEnded) return JSON.stringify(req.body);
  return textOf(await uploadedBytes(req, maxBytes));
}

/** The body as sent, for files that are not text (a .zip); JSON the /api parser already read comes back re-serialised. */
export async function uploadedBytes(req: Request, maxBytes: number): Promise<Buffer> {
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && req.readableEnded) return Buffer.from(JSON.stringify(req.body));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError('too_large', `The file is larger than ${Math.round(maxBytes / 1e6)} MB.`, [{ field: '(body)', message: 'is too large' }]);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  if (!bytes.length) throw new HttpError('validation_failed', '(body): the file is empty', [{ field: '(body)', message: 'is empty' }]);
  return bytes;
}

/** UTF-8 text of an upload, without a byte-order mark. */
export function textOf(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) throw new HttpError('validation_failed', '(body): the file is empty', [{ field: '(body)', message: 'is empty' }]);
  return text;
}
