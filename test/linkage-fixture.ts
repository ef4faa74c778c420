import type { Client } from './harness';

/**
 * Published assets for linkage tests, made through the API as a coordinator. Hand-countable:
 *   treatment T1, T2 (same organisation), T3 (shares a site with M1)
 *   mutual_aid M1…M4; housing H1, H2 (H2 sensitive); lero_peer_support L1…L3.
 * treatment → mutual_aid: 3 × 4 = 12 ordered pairs, minus T3–M1 (same site) = 11.
 * housing → lero_peer_support: 2 × 3 = 6.
 */
export type LinkageFixture = { ids: Record<string, string>; organisationId: string; sharedSiteId: string };

export async function makeLinkageAssets(coord: Client): Promise<LinkageFixture> {
  const org = await coord.post('/api/organisations', { name: 'Linkage Treatment Org', kind: 'treatment_provider' });
  if (org.status !== 201) throw new Error(`organisation: ${org.status} ${JSON.stringify(org.body)}`);
  const ids: Record<string, string> = {};
  let sharedSiteId = '';
  const make = async (key: string, category: string, extra: object, site: object) => {
    const res = await coord.post('/api/assets', { name: `Linkage ${key} service`, category, publish: true, phone: '01422 100200', sites: [site], ...extra });
    if (res.status !== 201) throw new Error(`asset ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    ids[key] = res.body.asset.id;
    return res.body.asset;
  };
  let lng = -1.9;
  const nextSite = () => ({ lat: 53.72, lng: (lng += 0.004), address: `${Math.round(lng * 1000)} Test Road`, postcode: 'HX1 1AA' });
  await make('T1', 'treatment', { organisationId: org.body.id }, nextSite());
  await make('T2', 'treatment', { organisationId: org.body.id }, nextSite());
  const t3 = await make('T3', 'treatment', {}, nextSite());
  sharedSiteId = t3.sites[0].id;
  await make('M1', 'mutual_aid', {}, { id: sharedSiteId });
  for (const k of ['M2', 'M3', 'M4']) await make(k, 'mutual_aid', {}, nextSite());
  await make('H1', 'housing', {}, nextSite());
  await make('H2', 'housing', { sensitive: true }, { lat: 53.7312, lng: -1.8523, address: '9 Hidden Lane', postcode: 'HX1 2ZZ' });
  for (const k of ['L1', 'L2', 'L3']) await make(k, 'lero_peer_support', {}, nextSite());
  return { ids, organisationId: org.body.id, sharedSiteId };
}

export const STRATIFIED_DESIGN = {
  strata: [
    { from: 'treatment', to: 'mutual_aid', count: 4 },
    { from: 'housing', to: 'lero_peer_support', count: 3 },
  ],
  excludeSameOrganisation: true,
  excludeSameSite: true,
  maxContactsPerService: 2,
};

/** Every fixture service agrees to publication of its own figures (issue 21, item 3), so public reads carry per-service rows and pathways. */
export async function agreeToPublication(coord: Client, fx: LinkageFixture): Promise<void> {
  for (const assetId of Object.values(fx.ids)) {
    const res = await coord.post('/api/linkage/service-agreements', { assetId, agreed: true });
    if (res.status !== 200) throw new Error(`agreement: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
