/**
 * Write server/assets/public/sql/public_listing.sql from its generator
 * (server/assets/public/public-listing-sql.ts). Commit the result; the test beside the
 * generator fails while the two differ.
 *   npx tsx scripts/generate-public-listing.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { publicListingSqlFile } from '../server/assets/public/public-listing-sql';

export const PUBLIC_LISTING_FILE = path.resolve(__dirname, '../server/assets/public/sql/public_listing.sql');

if (require.main === module) {
  fs.writeFileSync(PUBLIC_LISTING_FILE, publicListingSqlFile());
  console.log(`wrote ${path.relative(process.cwd(), PUBLIC_LISTING_FILE)}`);
}
