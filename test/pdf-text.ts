import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * The text layer of a PDF, page by page, with Mozilla's pdf.js (pdfjs-dist, legacy build
 * for Node). pdf.js ships ES modules only and the tests are compiled to CommonJS, so it runs
 * in a child node process (test/pdf-text-child.mjs). An `import()` inside jest's module
 * sandbox was tried first: V8 reused one test file's compiled import across files, and the
 * next file's import was refused as "after the Jest environment has been torn down".
 */
export function pdfPages(pdf: Uint8Array): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'pdf-text-child.mjs')], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pdf text: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as string[]);
    });
    child.stdin!.end(Buffer.from(pdf));
  });
}
