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
