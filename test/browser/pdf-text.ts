import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The text of a PDF, page by page, with pdfjs-dist (Mozilla's PDF.js). PDF.js ships as ES
 * modules only, which the jest run (CommonJS) cannot import, so it reads the PDF in a child
 * Node process: stdin in, JSON out.
 */
const EXTRACT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\\n' : '') : '')).join(''));
}
process.stdout.write(JSON.stringify(pages));
`;

export function pdfPages(pdf: Buffer): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', EXTRACT], {
    input: pdf,
    cwd: path.resolve(__dirname, '..', '..'),
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as string[];
}
