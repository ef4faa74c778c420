import { fillScript, unknownPlaceholders } from './script';

const ends = { A: { name: 'Open Door', category: 'Treatment', organisation: 'Recovery Steps' }, B: { name: 'Halifax SMART', category: 'Mutual aid', organisation: null } };

test('placeholders are filled, repeated ones too; a missing organisation becomes empty', () => {
  expect(fillScript('Do you know {B.name} ({B.category})? {B.name}! From {A.name} of {A.organisation}. {B.organisation}.', ends)).toBe(
    'Do you know Halifax SMART (Mutual aid)? Halifax SMART! From Open Door of Recovery Steps. .',
  );
});

test('unknown placeholders are found, once each; braces without a known key are left alone', () => {
  expect(unknownPlaceholders('{B.nmae} and {B.nmae} and {C.name} and {B.name}')).toEqual(['B.nmae', 'C.name']);
  expect(fillScript('{B.nmae}', ends)).toBe('{B.nmae}');
  expect(unknownPlaceholders('no placeholders')).toEqual([]);
});
