import { assetFeatures, assetView, outwardCode, siteView } from './view';
import type { AssetRow, SiteRow } from './repo';

const site: SiteRow = { id: 's1', sensitive: true, venueName: 'Hall', address: '1 Road', postcode: 'HX1 1AA', lat: 53.72, lng: -1.86, gridLat: 53.7205, gridLng: -1.8612, maskPrecision: 'grid_1km' };

test('outward code is the part before the space', () => {
  expect(outwardCode('HX1 1AA')).toBe('HX1');
  expect(outwardCode('HX7 8AB')).toBe('HX7');
  expect(outwardCode(null)).toBeNull();
});

test('an unmasked site is passed through with exact precision', () => {
  expect(siteView(site, false)).toEqual({ id: 's1', venueName: 'Hall', address: '1 Road', postcode: 'HX1 1AA', lat: 53.72, lng: -1.86, locationPrecision: 'exact' });
});

test('a sensitive site seen without exact access keeps only the grid centre and outward code', () => {
  expect(siteView(site, true)).toEqual({ id: 's1', venueName: null, address: null, postcode: 'HX1', lat: 53.7205, lng: -1.8612, locationPrecision: 'grid_1km' });
});

test('a site that is not sensitive is exact for everyone', () => {
  expect(siteView({ ...site, sensitive: false }, true)).toMatchObject({ address: '1 Road', lat: 53.72, locationPrecision: 'exact' });
});

const row = (sensitive: boolean): AssetRow => ({
  id: 'a1', version: 1, name: 'A', description: null, organisationId: 'o1', organisationName: 'Org', organisationStatus: 'published', category: 'housing', tags: [],
  sensitive, phone: null, email: null, website: null, schedule: [], scheduleNotes: null, whoFor: [], selfReferral: null,
  professionalReferral: null, wheelchairAccess: null, cost: null, costNotes: null, peerLed: false, commissioning: null,
  participationLevel: null, status: 'published', statusReason: null, learnedFrom: null, mergedInto: null, createdBy: 'u1', createdAt: new Date(0),
  updatedAt: new Date(0), publishedAt: null, lastVerifiedAt: null, lastVerifiedBy: 'u2', stale: false,
  sites: [{ ...site, sensitive }, { ...site, id: 's2', sensitive }],
});

test('only sensitive places are masked, and only for viewers without exact access', () => {
  expect(assetView(row(true), false, false).sites.every((s) => s.locationPrecision === 'grid_1km')).toBe(true);
  expect(assetView(row(true), true, true).sites.every((s) => s.locationPrecision === 'exact')).toBe(true);
  expect(assetView(row(false), false, false).sites.every((s) => s.locationPrecision === 'exact')).toBe(true);
});

test('internal ids of who created or verified are kept from outside viewers', () => {
  expect(assetView(row(false), false, false)).toMatchObject({ createdBy: null, lastVerifiedBy: null, organisation: { id: 'o1', name: 'Org' } });
  expect(assetView(row(false), true, true)).toMatchObject({ createdBy: 'u1', lastVerifiedBy: 'u2' });
});

test('a published record names an organisation still under review to reviewers only', () => {
  const pending: AssetRow = { ...row(false), organisationStatus: 'pending' };
  expect(assetView(pending, false, false).organisation).toBeNull();
  expect(assetView({ ...pending, organisationStatus: 'rejected' }, false, false).organisation).toBeNull();
  expect(assetView(pending, true, true).organisation).toEqual({ id: 'o1', name: 'Org' });
  // The record itself unpublished: only its sender and reviewers ever see it, and the sender chose the organisation.
  expect(assetView({ ...pending, status: 'pending' }, false, false).organisation).toEqual({ id: 'o1', name: 'Org' });
  expect(assetView({ ...pending, organisationId: null, organisationName: null, organisationStatus: null }, true, true).organisation).toBeNull();
});

test('one point feature per site, numbered from the first id', () => {
  const features = assetFeatures([assetView(row(false), false, false)], 11);
  expect(features.map((f) => [f.id, f.properties.siteId, f.geometry.coordinates])).toEqual([
    [11, 's1', [-1.86, 53.72]],
    [12, 's2', [-1.86, 53.72]],
  ]);
});
