import { columnOf, rowToInput, suggestMapping } from './mapping';

test('suggests columns by field name or a common synonym, each column once', () => {
  expect(suggestMapping(['Name', 'Post Code', 'LAT', 'long', 'Telephone', 'Who_For', 'Other'])).toEqual({
    name: 'Name', postcode: 'Post Code', lat: 'LAT', lng: 'long', phone: 'Telephone', whoFor: 'Who_For',
  });
});

test('common headings auto-map, camelCase and spreadsheet spellings alike', () => {
  expect(suggestMapping(['Group name', 'venueName', 'Venue Name 2', 'E-mail', 'Wheelchair accessible?', 'Who is it for?', 'Day and time', 'Self-referral'])).toEqual({
    name: 'Group name', venueName: 'venueName', email: 'E-mail', wheelchairAccess: 'Wheelchair accessible?', whoFor: 'Who is it for?',
    schedule: 'Day and time', selfReferral: 'Self-referral',
  });
  // The export's own headings map to every field the import reads.
  const exported = ['id', 'name', 'category', 'description', 'organisation', 'status', 'sensitive', 'phone', 'email', 'website', 'whoFor', 'tags', 'peerLed',
    'selfReferral', 'professionalReferral', 'wheelchairAccess', 'cost', 'costNotes', 'commissioning', 'participationLevel', 'schedule', 'scheduleNotes',
    'siteId', 'venueName', 'address', 'postcode', 'lat', 'lng', 'locationPrecision', 'lastVerifiedAt', 'updatedAt'];
  const m = suggestMapping(exported);
  expect(Object.keys(m).sort()).toEqual(['address', 'category', 'commissioning', 'costNotes', 'cost', 'description', 'email', 'externalId', 'lat', 'lng', 'locationPrecision',
    'name', 'participationLevel', 'peerLed', 'phone', 'postcode', 'professionalReferral', 'schedule', 'scheduleNotes', 'selfReferral', 'sensitive', 'tags', 'venueName',
    'website', 'wheelchairAccess', 'whoFor'].sort());
  expect(m.externalId).toBe('id');
});

test('a row becomes an asset input: labels to codes, lists split, yes/no to booleans, blanks to nothing', () => {
  const mapping = { name: 'n', category: 'c', whoFor: 'w', peerLed: 'p', lat: 'y', lng: 'x', postcode: 'pc', externalId: 'id' };
  const { externalId, input, problems } = rowToInput({ n: ' Café ', c: 'Recovery community / café', w: 'Women; lgbtq', p: 'Yes', y: '53.7', x: '-1.8', pc: '', id: 'K1' }, mapping);
  expect(externalId).toBe('K1');
  expect(problems).toEqual([]);
  expect(input).toMatchObject({ name: 'Café', category: 'recovery_community', whoFor: ['women', 'lgbtq'], peerLed: true, learnedFrom: 'import', sensitive: false });
  expect(input.sites).toEqual([{ venueName: null, address: null, postcode: null, lat: 53.7, lng: -1.8 }]);
  expect(columnOf(['sites', 0, 'postcode'], mapping)).toBe('pc');
  expect(columnOf(['whoFor', 1], mapping)).toBe('w');
});

test('every problem of a row, by field; a masked point makes the record sensitive; a schedule that is not weekly is kept as notes', () => {
  const mapping = { name: 'n', category: 'c', whoFor: 'w', peerLed: 'p', schedule: 's', locationPrecision: 'lp' };
  const row = rowToInput({ n: 'Drop-in', c: 'Knitting', w: 'Women; Everyone', p: 'maybe', s: 'First Monday of the month', lp: 'grid_1km' }, mapping);
  expect(row.problems).toEqual([
    { field: 'whoFor', message: expect.stringMatching(/^"Everyone" is not one we know: use one of Women, Men, LGBTQ\+, /) },
    { field: 'category', message: expect.stringMatching(/^"Knitting" is not one we know: use one of Treatment, /) },
    { field: 'peerLed', message: '"maybe" is not yes or no' },
  ]);
  expect(row.input).toMatchObject({ sensitive: true, schedule: [], scheduleNotes: 'First Monday of the month', whoFor: ['women'] });
  expect(row.approximate).toBe(true);
  expect(row.notes.map((n) => n.field)).toEqual(['schedule', 'locationPrecision']);
});

test("a cell the CSV export guarded against formulas ('+44 …) reads as written", () => {
  expect(rowToInput({ n: 'Group', p: "'+44 1422 111222", d: "'-- quiet please --" }, { name: 'n', phone: 'p', description: 'd' }).input)
    .toMatchObject({ phone: '+44 1422 111222', description: '-- quiet please --' });
});
