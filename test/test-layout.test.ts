import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// One rule for where tests live: unit tests beside the code they test, every test that
// drives the app over HTTP (the harness, supertest) under test/.
const ROOT = join(__dirname, '..');
const testsUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testsUnder(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

test('no HTTP-level test sits in server/', () => {
  const http = testsUnder(join(ROOT, 'server'))
    .filter((f) => /from '(supertest|[./]+\/test\/(harness|demo-context|linkage-fixture))'/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  expect(http).toEqual([]);
});
