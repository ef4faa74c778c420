import type { Knex } from 'knex';
import { listAssetsQuery, type AssetFilters, type AssetRow, type LocationAccess, type SiteRow } from '../../assets/repo';
import type { Bbox } from '../../http/params';
import type { DatetimeFilter } from './datetime';

/**
 * Reads for OGC API Features. Spatial filters use the viewer's geometry (`geom_public`
 * unless the viewer may see exact places), as everywhere in Waymark.
 */
export type Page = { limit: number; offset: number };
export type Common = { partnershipId: string; bbox?: Bbox; datetime?: DatetimeFilter };

const geomFor = (access: LocationAccess) => (access === 'exact' ? 's.geom' : 's.geom_public');
const envelope = (knex: Knex, b: Bbox) => knex.raw('ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.minLng, b.minLat, b.maxLng, b.maxLat]);

function whereDatetime(q: Knex.QueryBuilder, column: string, dt?: DatetimeFilter): void {
  if (!dt) return;
  if (dt.start) q.where(column, '>=', dt.start);
  if (dt.end) q.where(column, '<=', dt.end);
}

const countOf = async (q: Knex.QueryBuilder): Promise<number> => Number((await q)[0].n);

// ---- assets: the registry's own listing query, plus a datetime interval on updated_at

export type AssetQuery = Common & Pick<AssetFilters, 'categories' | 'peerLed' | 'whoFor' | 'organisationId'>;

function assetsQuery(knex: Knex, f: AssetQuery, access: LocationAccess, page: Page): Knex.QueryBuilder {
  const { datetime, ...filters } = f;
  const q = listAssetsQuery(knex, { ...filters, statuses: ['published'], ...page }, access);
  whereDatetime(q, 'a.updated_at', datetime);
  return q;
}

export async function listAssets(knex: Knex, f: AssetQuery, access: LocationAccess, page: Page): Promise<{ rows: AssetRow[]; matched: number }> {
  const rows: AssetRow[] = await assetsQuery(knex, f, access, page);
  const ids = assetsQuery(knex, f, access, page).clearSelect().clearOrder().clear('limit').clear('offset').select('a.id');
  return { rows, matched: await countOf(knex.from(ids.as('m')).count('* as n')) };
}

export async function findAsset(knex: Knex, partnershipId: string, id: string, access: LocationAccess): Promise<AssetRow | undefined> {
  const [row] = await assetsQuery(knex, { partnershipId }, access, { limit: 1, offset: 0 }).where('a.id', id);
  return row;
}

// ---- sites hosting a published asset

export type SiteFeatureRow = SiteRow & { assetCount: number; categories: string[]; updatedAt: Date };

function sitesQuery(knex: Knex, f: Common, access: LocationAccess): Knex.QueryBuilder {
  const q = knex('site as s')
    .where('s.partnership_id', f.partnershipId)
    .whereExists((e) => e.select(knex.raw('1')).from('asset_site as x').join('asset as a', 'a.id', 'x.asset_id').whereRaw('x.site_id = s.id').where('a.status', 'published'));
  if (f.bbox) q.where(knex.raw(`${geomFor(access)} && ?`, [envelope(knex, f.bbox)]));
  whereDatetime(q, 's.updated_at', f.datetime);
  return q;
}

export async function listSites(knex: Knex, f: Common & { id?: string }, access: LocationAccess, page: Page): Promise<{ rows: SiteFeatureRow[]; matched: number }> {
  const q = sitesQuery(knex, f, access);
  if (f.id) q.where('s.id', f.id);
  const matched = await countOf(q.clone().count('* as n'));
  const rows = await q
    .select(
      's.id', 's.sensitive', 's.venue_name as venueName', 's.address', 's.postcode', 's.location_precision as maskPrecision', 's.updated_at as updatedAt',
      knex.raw('ST_Y(s.geom) AS lat'), knex.raw('ST_X(s.geom) AS lng'), knex.raw('ST_Y(s.geom_grid) AS "gridLat"'), knex.raw('ST_X(s.geom_grid) AS "gridLng"'),
      knex.raw(`(SELECT count(*)::int FROM asset_site x JOIN asset a ON a.id = x.asset_id WHERE x.site_id = s.id AND a.status = 'published') AS "assetCount"`),
      knex.raw(`(SELECT coalesce(array_agg(DISTINCT a.category ORDER BY a.category), '{}') FROM asset_site x JOIN asset a ON a.id = x.asset_id WHERE x.site_id = s.id AND a.status = 'published') AS categories`),
    )
    .orderBy('s.id')
    .limit(page.limit)
    .offset(page.offset);
  return { rows, matched };
}

// ---- LEROs at the places of their published assets

export type LeroRow = {
  id: string; name: string; website: string | null; leroStage: string | null; cleroMember: boolean | null;
  localAuthoritiesServed: string[]; updatedAt: Date; publishedAssets: number; points: { lat: number; lng: number }[];
};
export type LeroQuery = Common & { leroStage?: string; cleroMember?: boolean; id?: string };

export async function listLeros(knex: Knex, f: LeroQuery, access: LocationAccess, page: Page): Promise<{ rows: LeroRow[]; matched: number }> {
  const geom = geomFor(access);
  const q = knex('organisation as o').where({ 'o.partnership_id': f.partnershipId, 'o.kind': 'lero', 'o.status': 'published' }).whereNull('o.archived_at');
  if (f.id) q.where('o.id', f.id);
  if (f.leroStage) q.where('o.lero_stage', f.leroStage);
  if (f.cleroMember !== undefined) q.where('o.clero_member', f.cleroMember);
  whereDatetime(q, 'o.updated_at', f.datetime);
  if (f.bbox) {
    q.whereExists((e) =>
      e.select(knex.raw('1')).from('asset as a').join('asset_site as x', 'x.asset_id', 'a.id').join('site as s', 's.id', 'x.site_id')
        .whereRaw('a.organisation_id = o.id').where('a.status', 'published').where(knex.raw(`${geom} && ?`, [envelope(knex, f.bbox!)])),
    );
  }
  const matched = await countOf(q.clone().count('* as n'));
  const rows = await q
    .select(
      'o.id', 'o.name', 'o.website', 'o.lero_stage as leroStage', 'o.clero_member as cleroMember',
      'o.local_authorities_served as localAuthoritiesServed', 'o.updated_at as updatedAt',
      knex.raw(`(SELECT count(*)::int FROM asset a WHERE a.organisation_id = o.id AND a.status = 'published') AS "publishedAssets"`),
      knex.raw(`(SELECT coalesce(json_agg(json_build_object('lat', p.lat, 'lng', p.lng) ORDER BY p.id), '[]'::json) FROM (
          SELECT DISTINCT s.id, ST_Y(${geom}) AS lat, ST_X(${geom}) AS lng
          FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id
          WHERE a.organisation_id = o.id AND a.status = 'published') p) AS points`),
    )
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(page.limit)
    .offset(page.offset);
  return { rows, matched };
}

/** Every data version (assets, reference: migration 2026112430), by scope. */
export async function dataVersions(knex: Knex): Promise<Record<string, number>> {
  const rows: { scope: string; version: string | number }[] = await knex('data_version').select('scope', 'version');
  return Object.fromEntries(rows.map((r) => [r.scope, Number(r.version)]));
}
