import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError, badRequest } from './errors';

export type Upload = { fields: Record<string, string>; files: Record<string, { name: string; text: string }> };

/**
 * A multipart/form-data request read whole into memory (UTF-8 text files only), within
 * limits: a file over `maxFileBytes` is a 413 naming the field, an unexpected file field
 * a 400 naming it.
 */
export function readUpload(req: Request, allowedFiles: readonly string[], maxFileBytes: number): Promise<Upload> {
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Promise.reject(badRequest('(body)', 'must be multipart/form-data (a form with files)'));
  }
  return new Promise((resolve, reject) => {
    const upload: Upload = { fields: {}, files: {} };
    let failed: HttpError | null = null;
    const bb = busboy({ headers: req.headers, limits: { files: allowedFiles.length, fileSize: maxFileBytes, fields: 30, fieldSize: 10_000 } });
    bb.on('field', (name, value) => {
      upload.fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      if (!allowedFiles.includes(field)) {
        failed ??= badRequest(field, `is not a file this form takes (${allowedFiles.join(', ')})`);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed ??= new HttpError('too_large', `${field}: the file is larger than ${Math.round(maxFileBytes / 1e6)} MB`, [{ field, message: 'is too large' }]);
      });
      stream.on('end', () => {
        if (chunks.length) upload.files[field] = { name: info.filename || field, text: Buffer.concat(chunks).toString('utf8') };
      });
    });
    bb.on('error', (err) => reject(badRequest('(body)', `could not be read as a form: ${(err as Error).message}`)));
    bb.on('close', () => (failed ? reject(failed) : resolve(upload)));
    req.pipe(bb);
  });
}
