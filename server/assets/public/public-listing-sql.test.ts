import fs from 'node:fs';
import path from 'node:path';
import { publicListingSqlFile } from './public-listing-sql';

describe('sql/public_listing.sql', () => {
  it('is what its generator writes (npx tsx scripts/generate-public-listing.ts)', () => {
    const committed = fs.readFileSync(path.join(__dirname, 'sql/public_listing.sql'), 'utf8');
    expect(committed).toBe(publicListingSqlFile());
  });

  it('has one branch per shape × sort × body: box (none, name, match), circle (distance, name, none, match), JSON and GeoJSON', () => {
    const branches = [...publicListingSqlFile().matchAll(/IF _shape = '(\w+)' AND _sort = '(\w+)' AND _kind = '(\w+)' THEN/g)].map((m) => m.slice(1).join(' '));
    expect(branches).toHaveLength(14);
    expect(new Set(branches).size).toBe(14);
  });
});
