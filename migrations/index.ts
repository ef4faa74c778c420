import type { Knex } from 'knex';
import * as m01 from './2026112301-create-extensions-and-audit';
import * as m02 from './2026112302-create-partnership-and-users';
import * as m03 from './2026112303-create-organisations-assets-sites';
import * as m04 from './2026112304-create-reference-geography';
import * as m05 from './2026112305-add-asset-client-request-id';
import * as m06 from './2026112306-site-level-masking';
import * as p01 from './2026112401-k-anonymous-masking';
import * as m20 from './2026112420-linkage-campaigns';
import * as m30 from './2026112430-gap-analysis';
import * as m40 from './2026112440-create-import-tables';
import * as m2410 from './2026112410-organisation-review-status';
import * as m2411 from './2026112411-data-version';
import * as f60 from './2026112460-duplicate-matching-and-merge';
import * as f61 from './2026112461-place-labels';
import * as s10 from './2026120110-statement-level-triggers';
import * as r20 from './2026120120-public-read-model';
import * as l10 from './2026120210-public-listing-text';
import * as i20 from './2026120220-import-speed';
import * as g30 from './2026120230-listing-generic-plans';
import * as t40 from './2026120240-tile-functions';
import * as c50 from './2026120250-listing-feature-count';
import * as c60 from './2026120260-read-model-linear-refresh';
import * as j30 from './2026120630-import-jobs';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/**
 * Migrations listed explicitly (not discovered on disk) so they load the same way under
 * tsx, jest and a compiled build. Append new ones; never edit an applied one.
 */
const MIGRATIONS: [string, Migration][] = [
  ['2026112301-create-extensions-and-audit', m01],
  ['2026112302-create-partnership-and-users', m02],
  ['2026112303-create-organisations-assets-sites', m03],
  ['2026112304-create-reference-geography', m04],
  ['2026112305-add-asset-client-request-id', m05],
  ['2026112306-site-level-masking', m06],
  ['2026112401-k-anonymous-masking', p01],
  ['2026112420-linkage-campaigns', m20],
  ['2026112430-gap-analysis', m30],
  ['2026112440-create-import-tables', m40],
  ['2026112410-organisation-review-status', m2410],
  ['2026112411-data-version', m2411],
  ['2026112460-duplicate-matching-and-merge', f60],
  ['2026112461-place-labels', f61],
  ['2026120110-statement-level-triggers', s10],
  ['2026120120-public-read-model', r20],
  ['2026120210-public-listing-text', l10],
  ['2026120220-import-speed', i20],
  ['2026120230-listing-generic-plans', g30],
  ['2026120240-tile-functions', t40],
  ['2026120250-listing-feature-count', c50],
  ['2026120260-read-model-linear-refresh', c60],
  ['2026120630-import-jobs', j30],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`Unknown migration ${name}`);
    return found[1];
  },
};
