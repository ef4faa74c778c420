import type { Knex } from 'knex';
import type { Viewer } from '../../auth/viewer';
import { listAssets } from '../../assets/service';
import type { AssetListQuery } from '../../assets/schemas';
import { assetFeatures, type AssetView } from '../../assets/view';
import { toCsv } from './csv';

/**
 * Assets out as CSV or GeoJSON: every asset the viewer may list under the filters, with
 * places exactly as the API shows them to that viewer (masked unless coordinator/admin).
 */
const PAGE = 5000;

async function allAssets(knex: Knex, viewer: Viewer, query: AssetListQuery): Promise<AssetView[]> {
  const all: AssetView[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listAssets(knex, viewer, { ...query, limit: PAGE, offset });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

export const CSV_COLUMNS = [
  'id', 'name', 'category', 'description', 'organisation', 'status', 'phone', 'email', 'website', 'whoFor', 'tags', 'peerLed', 'cost',
  'siteId', 'venueName', 'address', 'postcode', 'lat', 'lng', 'locationPrecision', 'lastVerifiedAt', 'updatedAt',
];

/** One row per asset and site (an asset with no place: one row, no location). */
export async function assetsCsv(knex: Knex, viewer: Viewer, query: AssetListQuery): Promise<string> {
  const rows = (await allAssets(knex, viewer, query)).flatMap((a) => {
    const base = {
      id: a.id, name: a.name, category: a.category, description: a.description, organisation: a.organisation?.name, status: a.status,
      phone: a.phone, email: a.email, website: a.website, whoFor: a.whoFor, tags: a.tags, peerLed: a.peerLed ? 'yes' : 'no', cost: a.cost,
      lastVerifiedAt: a.lastVerifiedAt, updatedAt: a.updatedAt,
    };
    if (!a.sites.length) return [base];
    return a.sites.map((s) => ({ ...base, siteId: s.id, venueName: s.venueName, address: s.address, postcode: s.postcode, lat: s.lat, lng: s.lng, locationPrecision: s.locationPrecision }));
  });
  return toCsv(CSV_COLUMNS, rows);
}

export async function assetsGeojson(knex: Knex, viewer: Viewer, query: AssetListQuery) {
  return { type: 'FeatureCollection', features: assetFeatures(await allAssets(knex, viewer, query)) };
}
