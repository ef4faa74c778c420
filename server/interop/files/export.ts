import type { Knex } from 'knex';
import type { Viewer } from '../../auth/viewer';
import { listAssets } from '../../assets/service';
import type { AssetListQuery } from '../../assets/schemas';
import type { AssetView, SiteView } from '../../assets/view';
import { toCsv } from './csv';
import { scheduleText } from './schedule-text';

/**
 * Assets out as CSV or GeoJSON: every asset the viewer may list under the filters, with
 * places exactly as the API shows them to that viewer (masked unless coordinator/admin).
 * Every field an import reads comes out under the heading the import maps by itself, and
 * each place carries `sensitive` and `locationPrecision`: a masked point imported elsewhere
 * stays a sensitive record there. `id` (CSV) and `externalId` (GeoJSON) are the record's
 * key, so importing the file again updates instead of duplicating.
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
  'id', 'name', 'category', 'description', 'organisation', 'status', 'sensitive', 'phone', 'email', 'website', 'whoFor', 'tags', 'peerLed',
  'selfReferral', 'professionalReferral', 'wheelchairAccess', 'cost', 'costNotes', 'commissioning', 'participationLevel', 'schedule', 'scheduleNotes',
  'siteId', 'venueName', 'address', 'postcode', 'lat', 'lng', 'locationPrecision', 'lastVerifiedAt', 'updatedAt',
];

const yesNo = (b: boolean | null) => (b === null ? null : b ? 'yes' : 'no');

/** An asset's fields as the import reads them (yes/no, codes, lists, the schedule as one cell). */
function assetFields(a: AssetView) {
  return {
    name: a.name, category: a.category, description: a.description, organisation: a.organisation?.name ?? null, status: a.status,
    sensitive: yesNo(a.sensitive), phone: a.phone, email: a.email, website: a.website, whoFor: a.whoFor, tags: a.tags, peerLed: yesNo(a.peerLed),
    selfReferral: yesNo(a.selfReferral), professionalReferral: yesNo(a.professionalReferral), wheelchairAccess: yesNo(a.wheelchairAccess),
    cost: a.cost, costNotes: a.costNotes, commissioning: a.commissioning, participationLevel: a.participationLevel,
    schedule: scheduleText(a.schedule), scheduleNotes: a.scheduleNotes,
  };
}
const siteFields = (s: SiteView) => ({ siteId: s.id, venueName: s.venueName, address: s.address, postcode: s.postcode, lat: s.lat, lng: s.lng, locationPrecision: s.locationPrecision });

/** One row per asset and site (an asset with no place: one row, no location). */
export async function assetsCsv(knex: Knex, viewer: Viewer, query: AssetListQuery): Promise<string> {
  const rows = (await allAssets(knex, viewer, query)).flatMap((a) => {
    const base = { id: a.id, ...assetFields(a), lastVerifiedAt: a.lastVerifiedAt, updatedAt: a.updatedAt };
    return a.sites.length ? a.sites.map((s) => ({ ...base, ...siteFields(s) })) : [base];
  });
  return toCsv(CSV_COLUMNS, rows);
}

/** One point feature per asset and site, every field a property; `assetId`/`siteId` as the map layers read them. */
export async function assetsGeojson(knex: Knex, viewer: Viewer, query: AssetListQuery) {
  const features = (await allAssets(knex, viewer, query)).flatMap((a) =>
    a.sites.map((s) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [s.lng, s.lat] },
      properties: {
        externalId: a.id, assetId: a.id, ...assetFields(a), schedule: a.schedule,
        siteId: s.id, venueName: s.venueName, address: s.address, postcode: s.postcode, locationPrecision: s.locationPrecision,
        lastVerifiedAt: a.lastVerifiedAt, updatedAt: a.updatedAt,
      },
    })),
  );
  return { type: 'FeatureCollection', features };
}
