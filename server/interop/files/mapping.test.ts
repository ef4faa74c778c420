import { columnOf, rowToInput, suggestMapping } from './mapping';

test('suggests columns by field name or a common synonym, each column once', () => {
  expect(suggestMapping(['Name', 'Post Code', 'LAT', 'long', 'Telephone', 'Who_For', 'Other'])).toEqual({
    name: 'Name', postcode: 'Post Code', lat: 'LAT', lng: 'long', phone: 'Telephone', whoFor: 'Who_For',
  });
});

test('a row becomes an asset input: labels to codes, lists split, yes/no to booleans, blanks to nothing', () => {
  const mapping = { name: 'n', category: 'c', whoFor: 'w', peerLed: 'p', lat: 'y', lng: 'x', postcode: 'pc', externalId: 'id' };
  const { externalId, input } = rowToInput({ n: ' Café ', c: 'Recovery community / café', w: 'Women; lgbtq', p: 'Yes', y: '53.7', x: '-1.8', pc: '', id: 'K1' }, mapping);
  expect(externalId).toBe('K1');
  expect(input).toMatchObject({ name: 'Café', category: 'recovery_community', whoFor: ['women', 'lgbtq'], peerLed: true, learnedFrom: 'import' });
  expect(input.sites).toEqual([{ venueName: null, address: null, postcode: null, lat: 53.7, lng: -1.8 }]);
  expect(columnOf(['sites', 0, 'postcode'], mapping)).toBe('pc');
  expect(columnOf(['whoFor', 1], mapping)).toBe('w');
});
