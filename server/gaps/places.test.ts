import { localityOf, placeLabel } from './places';

test('an LSOA name is its authority, an MSOA number and a letter', () => {
  expect(localityOf('Calderdale 024C')).toBe('Calderdale');
  expect(localityOf('King’s Lynn and West Norfolk 001A')).toBe('King’s Lynn and West Norfolk');
  expect(localityOf('Unusual')).toBe('Unusual');
});

test('places are written town first, the LSOA in brackets; the LSOA alone with no town near', () => {
  expect(placeLabel({ town: 'Halifax', lsoaName: 'Calderdale 024C' })).toBe('Halifax (Calderdale 024C)');
  expect(placeLabel({ town: null, lsoaName: 'Calderdale 024C' })).toBe('Calderdale 024C');
  expect(placeLabel(undefined)).toBeNull();
});
