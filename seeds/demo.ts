import type { Knex } from 'knex';
import type { Db } from '../server/db';
import type { Role } from '../server/domain/vocabulary';
import type { Viewer } from '../server/auth/viewer';
import { createUser, normaliseEmail } from '../server/auth/service';
import { writeTransaction } from '../server/audit/transaction';
import { insertAssets } from '../server/interop/files/repo';
import { assetCreateSchema } from '../server/assets/schemas';
import { createOrganisation } from '../server/organisations/service';
import { organisationCreateSchema } from '../server/organisations/schemas';
import { DEMO_SEED, generateDemoData, type DemoAsset } from './generate-assets';
import { insertDemoPartnership, loadReferenceGeography, readReferenceFiles } from './reference';
import { seedDemoLinkage } from './demo-linkage';
import { loadPlaceLabels } from './place-labels';

/**
 * The demo: real Calderdale geography, a fictional recovery partnership's assets, and
 * one account per role with a published password. Runs only on a database with no
 * partnership, in one transaction, so a failed seed leaves nothing behind and the next
 * start tries again.
 */

export type DemoLogin = { role: Role; email: string; password: string };

export const DEMO_ACCOUNTS: readonly (DemoLogin & { displayName: string })[] = [
  { role: 'admin', email: 'admin@demo.waymark.local', password: 'demo-admin-2026', displayName: 'Demo Admin' },
  { role: 'coordinator', email: 'coordinator@demo.waymark.local', password: 'demo-coordinator-2026', displayName: 'Demo Coordinator' },
  { role: 'volunteer', email: 'volunteer@demo.waymark.local', password: 'demo-volunteer-2026', displayName: 'Demo Peer Volunteer' },
  { role: 'commissioner', email: 'commissioner@demo.waymark.local', password: 'demo-commissioner-2026', displayName: 'Demo Commissioner' },
  { role: 'researcher', email: 'researcher@demo.waymark.local', password: 'demo-researcher-2026', displayName: 'Demo Researcher' },
];

// Any fixed number: two app instances starting together on one server queue here.
const SEED_LOCK_KEY = 7_242_026;

async function existingDemoLogins(knex: Knex): Promise<DemoLogin[]> {
  const rows: { email: string }[] = await knex('app_user').whereIn('email', DEMO_ACCOUNTS.map((a) => normaliseEmail(a.email))).select('email');
  const present = new Set(rows.map((r) => r.email));
  return DEMO_ACCOUNTS.filter((a) => present.has(normaliseEmail(a.email))).map(({ role, email, password }) => ({ role, email, password }));
}

const viewerFor = (user: { id: string; email: string; displayName: string; role: Role }): Viewer => ({ user, sessionId: null, csrfToken: null });

/**
 * The demo's records, written set-based (the import path's writer) instead of one full
 * write each: 300 single writes were 16 s of a newcomer's first start (53 ms each). The
 * result is the same rows, versions and audit entries (one per changed row), in two rounds:
 * the first record at each venue creates its site, then the others link to it (co-location).
 */
async function createAssets(trx: Knex.Transaction, partnershipId: string, assets: DemoAsset[], viewers: Record<'coordinator' | 'volunteer', Viewer>, organisationIds: Map<string, string>): Promise<Map<string, string>> {
  const siteIds = new Map<string, string>();
  const assetIds = new Map<string, string>();
  const parsed = assets.map((a) => ({ demo: a, input: assetCreateSchema.parse({ ...a.input, organisationId: a.organisationKey ? organisationIds.get(a.organisationKey) : null }) }));
  const firstAtVenue = new Set<DemoAsset>();
  const seenVenues = new Set<string>();
  for (const { demo } of parsed) if (!seenVenues.has(demo.siteKey)) (seenVenues.add(demo.siteKey), firstAtVenue.add(demo));
  for (const round of ['venues', 'co-located'] as const) {
    for (const author of ['coordinator', 'volunteer'] as const) {
      const batch = parsed.filter(({ demo }) => demo.author === author && firstAtVenue.has(demo) === (round === 'venues'));
      if (!batch.length) continue;
      const actorId = viewers[author].user!.id;
      const ids = await writeTransaction(trx, actorId, (inner) =>
        insertAssets(inner, partnershipId, actorId, batch.map(({ demo, input }) => ({
          input: round === 'venues' ? input : { ...input, sites: [{ id: siteIds.get(demo.siteKey)! }] },
          status: input.publish ? 'published' : 'pending',
        }))),
      );
      batch.forEach(({ demo }, i) => assetIds.set(demo.key, ids[i]));
      if (round === 'venues') {
        const links: { asset_id: string; site_id: string }[] = await trx('asset_site').whereIn('asset_id', ids).select('asset_id', 'site_id');
        const siteOf = new Map(links.map((l) => [l.asset_id, l.site_id]));
        batch.forEach(({ demo }, i) => siteIds.set(demo.siteKey, siteOf.get(ids[i])!));
      }
    }
  }
  return assetIds;
}

/**
 * Spreads the records over the past: created, published and last verified some days ago,
 * so the review queues (pending, stale) have something real to show.
 */
async function backdate(trx: Knex.Transaction, actorId: string, assets: DemoAsset[], assetIds: Map<string, string>): Promise<void> {
  const ids = assets.map((a) => assetIds.get(a.key)!);
  const ages = JSON.stringify(assets.map((a) => ({ id: assetIds.get(a.key), created: a.createdDaysAgo, verified: a.lastVerifiedDaysAgo })));
  await writeTransaction(trx, actorId, async (inner) => {
    await inner.raw(
      `UPDATE asset SET
         created_at = now() - make_interval(days => d.created),
         published_at = CASE WHEN asset.published_at IS NULL THEN NULL ELSE now() - make_interval(days => d.created) END,
         last_verified_at = CASE WHEN d.verified IS NULL THEN NULL ELSE now() - make_interval(days => d.verified) END,
         updated_at = now() - make_interval(days => coalesce(d.verified, d.created))
       FROM jsonb_to_recordset(?::jsonb) AS d(id uuid, created int, verified int)
       WHERE asset.id = d.id`,
      [ages],
    );
    await inner.raw(
      `UPDATE asset_version v SET created_at = a.created_at FROM asset a WHERE v.asset_id = a.id AND v.version = 1 AND a.id = ANY(?::uuid[])`,
      [ids],
    );
  });
}

export async function seedDemoIfEmpty(db: Db, log: (msg: string) => void): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const started = Date.now();
  const seeded = await db.knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [SEED_LOCK_KEY]);
    if (await trx('partnership').first('id')) return false;

    log('empty database: seeding the demo partnership (real Calderdale geography, fictional assets) …');
    const files = readReferenceFiles();
    await loadReferenceGeography(trx, files, log);
    await writeTransaction(trx, null, (inner) => insertDemoPartnership(inner, files.ladBoundary));
    log(`loading ${await loadPlaceLabels(trx)} town and village names (GeoNames, CC BY 4.0) …`);

    log(`creating ${DEMO_ACCOUNTS.length} demo accounts …`);
    const users = new Map<Role, Viewer>();
    for (const a of DEMO_ACCOUNTS) {
      const user = await createUser(trx, null, { email: a.email, displayName: a.displayName, role: a.role, password: a.password });
      users.set(a.role, viewerFor(user));
    }
    const coordinator = users.get('coordinator')!;

    const demo = generateDemoData({ seed: DEMO_SEED, postcodes: files.postcodes });
    log(`creating ${demo.organisations.length} organisations and ${demo.assets.length} fictional assets at ${demo.sites.length} sites …`);
    const organisationIds = new Map<string, string>();
    for (const o of demo.organisations) {
      const created = await createOrganisation(trx, coordinator, organisationCreateSchema.parse(o.input));
      organisationIds.set(o.key, created.id);
    }
    const partnershipId: string = (await trx('partnership').first('id')).id;
    const assetIds = await createAssets(trx, partnershipId, demo.assets, { coordinator, volunteer: users.get('volunteer')! }, organisationIds);
    await backdate(trx, coordinator.user!.id, demo.assets, assetIds);
    await seedDemoLinkage(trx, { researcher: users.get('researcher')!, volunteer: users.get('volunteer')! }, log);
    return true;
  });
  if (seeded) log(`demo seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { seeded, logins: await existingDemoLogins(db.knex) };
}
