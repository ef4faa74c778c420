// Reads a PDF on stdin and prints its text layer, page by page, as a JSON array (test/pdf-text.ts).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), useSystemFonts: false, isEvalSupported: false }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  pages.push(content.items.map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : '')).join(''));
}
await doc.destroy();
process.stdout.write(JSON.stringify(pages));
