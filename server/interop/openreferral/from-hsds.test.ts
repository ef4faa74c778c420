import { assetInputFromHsds } from './from-hsds';
import { termId } from './taxonomy';

test('HSDS service → asset input: our terms by id, code or label; others as tags; weekly schedules; points', () => {
  const s = {
    id: 'x', name: 'Calder Café', description: 'Tea', url: 'https://c.example', assured_date: '2025-05-06T10:00:00Z',
    phones: [{ id: 'p', number: '01422 000000' }],
    attributes: [
      { id: 'a1', taxonomy_term: { id: termId('category', 'recovery_community') } },
      { id: 'a2', taxonomy_term: { id: 'foreign', code: 'women' } },
      { id: 'a3', taxonomy_term: { id: 'foreign2', name: 'LGBTQ+' } },
      { id: 'a4', taxonomy_term: { id: 'foreign3', name: 'Peer Support' } },
    ],
    schedules: [{ id: 's', freq: 'WEEKLY', byday: 'MO,WE', opens_at: '10:00:00', closes_at: '12:00' }, { id: 't', freq: 'MONTHLY', byday: 'FR', opens_at: '10:00' }],
    service_at_locations: [
      { id: 'l1', location: { id: 'L', name: 'The Café', latitude: 53.7, longitude: -1.9, addresses: [{ address_1: '1 Mill Lane', city: 'Halifax', postal_code: 'hx1 1aa' }] } },
      { id: 'l2', location: { id: 'M', name: 'By postcode', addresses: [{ address_1: '2 Road', city: 'Elland', postal_code: 'HX5 0AA' }] } },
      { id: 'l3', location: { id: 'N', name: 'Nowhere' } },
    ],
  };
  const { input, assuredDate } = assetInputFromHsds(s, (p) => (p === 'HX5 0AA' ? { lat: 53.68, lng: -1.84 } : undefined));
  expect(assuredDate).toBe('2025-05-06');
  expect(input).toMatchObject({ category: 'recovery_community', whoFor: ['lgbtq', 'women'], tags: ['peer support'], phone: '01422 000000', website: 'https://c.example' });
  expect(input.schedule).toEqual([{ day: 1, start: '10:00', end: '12:00', note: null }, { day: 3, start: '10:00', end: '12:00', note: null }]);
  expect(input.sites).toEqual([
    { venueName: 'The Café', address: '1 Mill Lane, Halifax', postcode: 'HX1 1AA', lat: 53.7, lng: -1.9 },
    { venueName: 'By postcode', address: '2 Road, Elland', postcode: 'HX5 0AA', lat: 53.68, lng: -1.84 },
  ]);
});

test('"Criminal justice" is a who-for whichever order the terms come in; by our id or taxonomy it is what it says', () => {
  const cj = { id: 'f-cj', name: 'Criminal justice' };
  const housing = { id: 'f-h', name: 'Housing (incl. recovery housing)' };
  for (const terms of [[cj, housing], [housing, cj]]) {
    const { input } = assetInputFromHsds({ id: 'x', name: 'Through the Gate', attributes: terms.map((t, i) => ({ id: `a${i}`, taxonomy_term: t })) }, () => undefined);
    expect([input.category, input.whoFor]).toEqual(['housing', ['criminal_justice']]);
  }
  const byId = assetInputFromHsds({ id: 'y', name: 'Probation drop-in', attributes: [{ id: 'a', taxonomy_term: { id: termId('category', 'criminal_justice') } }] }, () => undefined);
  expect([byId.input.category, byId.input.whoFor]).toEqual(['criminal_justice', []]);
  const byTaxonomy = assetInputFromHsds({ id: 'z', name: 'Probation drop-in', attributes: [{ id: 'a', taxonomy_term: { id: 'other', name: 'Criminal justice', taxonomy: 'Waymark asset categories' } }] }, () => undefined);
  expect([byTaxonomy.input.category, byTaxonomy.input.whoFor]).toEqual(['criminal_justice', []]);
});

test('record details come back from attributes; a masked location or a sensitive mark makes the record sensitive', () => {
  const field = (code: string, value: string) => ({ id: `${code}-${value}`, taxonomy_term_id: termId('field', code), value });
  const s = {
    id: 'x', name: 'Refuge', attributes: [field('sensitive', 'false'), field('peer_led', 'true'), field('wheelchair_access', 'unknown'), field('cost', 'free'), field('commissioning', 'nonsense'), field('tag', 'Safe House')],
    service_at_locations: [{ id: 'l', location: { id: 'L', latitude: 53.7, longitude: -1.9, attributes: [field('location_precision', 'grid_1km')] } }],
  };
  const { input, warnings } = assetInputFromHsds(s, () => undefined);
  expect(input).toMatchObject({ sensitive: true, peerLed: true, wheelchairAccess: null, cost: 'free', commissioning: null, tags: ['safe house'] });
  expect(warnings).toEqual([{ field: 'commissioning', message: '"nonsense" is not a Waymark commissioning: left out' }]);
  // Not marked and exact: the source does not speak for sensitivity, so a coordinator's marking stays.
  expect('sensitive' in assetInputFromHsds({ id: 'y', name: 'Café', attributes: [field('sensitive', 'false')] }, () => undefined).input).toBe(false);
});
