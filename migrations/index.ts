import type { Knex } from 'knex';
import * as createExtensionsAndAudit from './2026112301-create-extensions-and-audit';
import * as createPartnershipAndUsers from './2026112302-create-partnership-and-users';
import * as createOrganisationsAssetsSites from './2026112303-create-organisations-assets-sites';
import * as createReferenceGeography from './2026112304-create-reference-geography';
import * as addAssetClientRequestId from './2026112305-add-asset-client-request-id';
import * as siteLevelMasking from './2026112306-site-level-masking';
import * as kAnonymousMasking from './2026112401-k-anonymous-masking';
import * as organisationReviewStatus from './2026112410-organisation-review-status';
import * as dataVersion from './2026112411-data-version';
import * as linkageCampaigns from './2026112420-linkage-campaigns';
import * as gapAnalysis from './2026112430-gap-analysis';
import * as createImportTables from './2026112440-create-import-tables';
import * as duplicateMatchingAndMerge from './2026112460-duplicate-matching-and-merge';
import * as placeLabels from './2026112461-place-labels';
import * as statementLevelTriggers from './2026120110-statement-level-triggers';
import * as publicReadModel from './2026120120-public-read-model';
import * as publicListingText from './2026120210-public-listing-text';
import * as importSpeed from './2026120220-import-speed';
import * as listingGenericPlans from './2026120230-listing-generic-plans';
import * as tileFunctions from './2026120240-tile-functions';
import * as listingFeatureCount from './2026120250-listing-feature-count';
import * as readModelLinearRefresh from './2026120260-read-model-linear-refresh';
import * as importJobs from './2026120630-import-jobs';
import * as routineFiles from './2026120650-routine-files';
import * as dashboardSnapshots from './2026120700-dashboard-snapshots';
import * as leroParticipationReview from './2026120710-lero-participation-review';
import * as accountInvites from './2026120720-account-invites';
import * as linkageMethodV2 from './2026120730-linkage-method-v2';
import * as accessTokens from './2026120740-access-tokens';
import * as wardBoundaries from './2026120800-ward-boundaries';
import * as ogcFeatureText from './2026120810-ogc-feature-text';
import * as linkageDataVersion from './2026120811-linkage-data-version';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/**
 * Migrations listed explicitly (not discovered on disk) so they load the same way under
 * tsx, jest and a compiled build, in file-name order. Append new ones; the names are what
 * knex_migrations records, so they never change.
 */
const MIGRATIONS: [string, Migration][] = [
  ['2026112301-create-extensions-and-audit', createExtensionsAndAudit],
  ['2026112302-create-partnership-and-users', createPartnershipAndUsers],
  ['2026112303-create-organisations-assets-sites', createOrganisationsAssetsSites],
  ['2026112304-create-reference-geography', createReferenceGeography],
  ['2026112305-add-asset-client-request-id', addAssetClientRequestId],
  ['2026112306-site-level-masking', siteLevelMasking],
  ['2026112401-k-anonymous-masking', kAnonymousMasking],
  ['2026112410-organisation-review-status', organisationReviewStatus],
  ['2026112411-data-version', dataVersion],
  ['2026112420-linkage-campaigns', linkageCampaigns],
  ['2026112430-gap-analysis', gapAnalysis],
  ['2026112440-create-import-tables', createImportTables],
  ['2026112460-duplicate-matching-and-merge', duplicateMatchingAndMerge],
  ['2026112461-place-labels', placeLabels],
  ['2026120110-statement-level-triggers', statementLevelTriggers],
  ['2026120120-public-read-model', publicReadModel],
  ['2026120210-public-listing-text', publicListingText],
  ['2026120220-import-speed', importSpeed],
  ['2026120230-listing-generic-plans', listingGenericPlans],
  ['2026120240-tile-functions', tileFunctions],
  ['2026120250-listing-feature-count', listingFeatureCount],
  ['2026120260-read-model-linear-refresh', readModelLinearRefresh],
  ['2026120630-import-jobs', importJobs],
  ['2026120650-routine-files', routineFiles],
  ['2026120700-dashboard-snapshots', dashboardSnapshots],
  ['2026120710-lero-participation-review', leroParticipationReview],
  ['2026120720-account-invites', accountInvites],
  ['2026120730-linkage-method-v2', linkageMethodV2],
  ['2026120740-access-tokens', accessTokens],
  ['2026120800-ward-boundaries', wardBoundaries],
  ['2026120810-ogc-feature-text', ogcFeatureText],
  ['2026120811-linkage-data-version', linkageDataVersion],
];

for (let i = 1; i < MIGRATIONS.length; i++) {
  if (MIGRATIONS[i - 1][0] >= MIGRATIONS[i][0]) throw new Error(`migrations/index.ts: ${MIGRATIONS[i][0]} is listed out of file-name order`);
}

/**
 * The migrations that lost their function bodies to routine files (2026120650). They run
 * only on an empty database now: one that has some of them applied but not all was
 * migrated by a version older than any that made them, and must first be brought up to
 * all of them by such a version (server/db/migrate.ts refuses it).
 */
export const MIGRATIONS_BEFORE_ROUTINE_FILES: readonly string[] = MIGRATIONS.map(([name]) => name).filter((name) => name <= '2026120260-read-model-linear-refresh');

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`Unknown migration ${name}`);
    return found[1];
  },
};
