/**
 * The text layer of a PDF, page by page, with Mozilla's pdf.js (pdfjs-dist, legacy build
 * for Node). pdf.js ships ES modules only and the tests are compiled to CommonJS, so it is
 * loaded by a real dynamic import that TypeScript does not rewrite into require().
 */
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const pdfjs = await importModule('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i: { str?: string; hasEOL?: boolean }) => (i.str ?? '') + (i.hasEOL ? '\n' : '')).join(''));
  }
  await doc.destroy();
  return pages;
}
