/**
 * The shared asset form's edit body (client/src/asset-form/draft.ts), without a browser: a
 * saved record round-trips to the form unchanged, an untouched place is never sent (so a
 * roughly-shown sensitive place is not written back), a moved one is a new first site with
 * the others kept by id, and fields the form does not show are left out.
 */
import { draftFromAsset, toAssetPatch } from '../../client/src/asset-form/draft';
import type { Asset } from '../../client/src/shared/types';

const ASSET = {
  id: 'a1', name: 'Siddal Recovery Walk', category: 'mutual_aid', description: null, organisation: null,
  whoFor: ['women'], peerLed: true, schedule: [{ day: 2, start: '19:00', end: null, note: 'Back room' }], scheduleNotes: null,
  selfReferral: true, professionalReferral: null, wheelchairAccess: false, cost: null, costNotes: null,
  phone: '01422 000000', email: null, website: null, learnedFrom: 'word_of_mouth', commissioning: 'independent', participationLevel: null,
  sensitive: true,
  sites: [
    { id: 's1', venueName: null, address: null, postcode: 'HX3', lat: 53.7305, lng: -1.8695, locationPrecision: 'grid_1km' },
    { id: 's2', venueName: 'Hall', address: null, postcode: 'HX1 1AA', lat: 53.72, lng: -1.86, locationPrecision: 'exact' },
  ],
} as unknown as Asset;
const ALL = { classification: true, learnedFrom: true, publish: false };

describe('editing a saved record', () => {
  it('sends back what it read, with no place when the place was not touched', () => {
    const body = toAssetPatch(draftFromAsset(ASSET), ASSET, ALL);
    expect(body.sites).toBeUndefined();
    expect(body).toMatchObject({
      name: 'Siddal Recovery Walk', whoFor: ['women'], peerLed: true, phone: '01422 000000', email: null,
      selfReferral: true, professionalReferral: null, wheelchairAccess: false,
      schedule: [{ day: 2, start: '19:00', end: null, note: 'Back room' }],
      learnedFrom: 'word_of_mouth', commissioning: 'independent', participationLevel: null, sensitive: true,
    });
  });

  it('a moved pin is a new first site; the record’s other places stay, by id', () => {
    const draft = { ...draftFromAsset(ASSET), point: { lat: 53.731, lng: -1.868 }, venueName: ' Church hall ' };
    expect(toAssetPatch(draft, ASSET, ALL).sites).toEqual([
      { venueName: 'Church hall', address: null, postcode: 'HX3', lat: 53.731, lng: -1.868 },
      { id: 's2' },
    ]);
  });

  it('leaves out the fields the form did not show, so they are not cleared', () => {
    const body = toAssetPatch(draftFromAsset(ASSET), ASSET, { classification: false, learnedFrom: false, publish: false });
    expect(body).not.toHaveProperty('commissioning');
    expect(body).not.toHaveProperty('participationLevel');
    expect(body).not.toHaveProperty('learnedFrom');
    expect(body).not.toHaveProperty('publish');
  });
});
