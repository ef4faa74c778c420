import { differentDays, differentNumbers, foldText, judgeDuplicate, normalisePhone, normaliseWebsite, reachMetres, tokenSetScore } from './duplicate-score';

describe('names compared without case, accents, punctuation or word order', () => {
  test('folding', () => {
    expect(foldText('SMART Recovery – Halifax Saturday')).toBe('smart recovery halifax saturday');
    expect(foldText('Café Ünion (Elland)')).toBe('cafe union elland');
  });
  test('token-set (Dice) score, worked by hand', () => {
    expect(tokenSetScore('Halifax Recovery Walking Group', 'Recovery Walking Group – Halifax')).toBe(1);
    // {smart, recovery, halifax} vs {halifax, smart, recovery, group}: 2·3 / (3 + 4)
    expect(tokenSetScore('SMART Recovery Halifax', 'Halifax SMART Recovery Group')).toBeCloseTo(6 / 7, 10);
    // "the" and "of" are not words that tell names apart
    expect(tokenSetScore('The Friends of Calder', 'Calder Friends')).toBe(1);
    expect(tokenSetScore('Café Recovery', 'cafe recovery')).toBe(1);
  });
  test('different weekdays, by name or schedule', () => {
    expect(differentDays({ name: 'AA Halifax Tues' }, { name: 'AA Halifax Thursday' })).toBe(true);
    expect(differentDays({ name: 'AA Halifax Tuesday' }, { name: 'AA Halifax Tue' })).toBe(false);
    expect(differentDays({ name: 'AA', schedule: [{ day: 1 }] }, { name: 'AA', schedule: [{ day: 3 }, { day: 5 }] })).toBe(true);
    expect(differentDays({ name: 'AA', schedule: [{ day: 1 }] }, { name: 'AA', schedule: [] })).toBe(false);
  });
  test('different numbers in the names: another group', () => {
    expect(differentNumbers({ name: 'Bulk Group 0' }, { name: 'Bulk Group 2' })).toBe(true);
    expect(differentNumbers({ name: 'Ward 12 Peer Support' }, { name: 'Peer Support Ward 12' })).toBe(false);
    expect(differentNumbers({ name: 'Group 3' }, { name: 'Group' })).toBe(false);
    // Dice 2·2/(3+3) = 0.67, × 0.4 = 0.27: under the 0.3 floor, so no reach at all.
    const v = judgeDuplicate({ name: 'Recovery Group 1' }, { name: 'Recovery Group 2', trigram: 0.5, distanceMetres: 300 });
    expect(v.reasons.map((r) => r.code)).toContain('different_number');
    expect(v.likely).toBe(false);
  });
  test('contacts normalised', () => {
    expect(normalisePhone('+44 (1422) 123 456')).toBe(normalisePhone('01422 123456'));
    expect(normalisePhone('123')).toBeNull();
    expect(normaliseWebsite('https://www.Example.org/halifax/')).toBe('example.org/halifax');
  });
});

describe('reach and verdicts, worked by hand', () => {
  test('reach = 150 m × 16^((s − 0.3)/0.7)', () => {
    expect(reachMetres(0.3)).toBeCloseTo(150, 6);
    expect(reachMetres(0.65)).toBeCloseTo(600, 6); // 150 × 16^0.5
    expect(reachMetres(1)).toBeCloseTo(2400, 6);
    expect(reachMetres(0.29)).toBe(0);
  });

  test('the same words 320 m away: a strong match, score 1 × (0.5 + 0.5 × 2^(−320/500)) = 0.82', () => {
    const v = judgeDuplicate({ name: 'SMART Recovery Halifax Saturday' }, { name: 'SMART Recovery – Halifax Saturday', trigram: 1, distanceMetres: 320 });
    expect(v).toMatchObject({ likely: true, nameScore: 1, score: 0.82, reachMetres: 2400 });
    expect(v.reasons.map((r) => r.code)).toEqual(['name', 'distance']);
    expect(v.reasons[1].message).toBe('320 m away');
  });

  test('another weekday 100 m away: 0.75 × 0.4 = 0.3, reach 150 m, score 0.3 × (0.5 + 0.5 × 2^(−0.2)) = 0.28', () => {
    const v = judgeDuplicate({ name: 'SMART Recovery Halifax Saturday' }, { name: 'SMART Recovery – Halifax Monday', trigram: 0.6, distanceMetres: 100 });
    expect(v).toMatchObject({ likely: true, nameScore: 0.3, score: 0.28, reachMetres: 150 });
    expect(v.reasons.map((r) => r.code)).toContain('different_day');
    expect(judgeDuplicate({ name: 'SMART Recovery Halifax Saturday' }, { name: 'SMART Recovery – Halifax Monday', trigram: 0.6, distanceMetres: 160 }).likely).toBe(false);
  });

  test('the same fellowship meeting on other days 1.1 km away is not a duplicate', () => {
    const v = judgeDuplicate(
      { name: 'Narcotics Anonymous Halifax', schedule: [{ day: 3 }], website: 'https://ukna.org' },
      { name: 'Narcotics Anonymous – Halifax', schedule: [{ day: 5 }], website: 'https://www.ukna.org/', trigram: 1, distanceMetres: 1100 },
    );
    // 1 × 0.4 + 0.1 (website) = 0.5: reach 150 × 16^(0.2/0.7) = 331 m
    expect(v.reachMetres).toBe(331);
    expect(v.likely).toBe(false);
  });

  test('unlike names need shared contacts and nearness', () => {
    const far = judgeDuplicate({ name: 'Foo Club', phone: '01422 123456' }, { name: 'Bar Society', phone: '+44 1422 123456', trigram: 0, distanceMetres: 20 });
    expect(far).toMatchObject({ likely: false, nameScore: 0 }); // 0.15 < 0.3
    const both = judgeDuplicate(
      { name: 'Foo Club', phone: '01422 123456', email: 'x@y.org' },
      { name: 'Bar Society', phone: '+44 1422 123456', email: 'X@Y.org', trigram: 0, distanceMetres: 100 },
    );
    expect(both).toMatchObject({ likely: true, reachMetres: 150 }); // 0.15 + 0.15 = 0.3
    expect(both.reasons.map((r) => r.code)).toEqual(['name', 'phone', 'email', 'distance']);
  });

  test('a weak name only very near; the same organisation adds 0.05', () => {
    const weak = { name: 'Recovery Hub' };
    expect(judgeDuplicate(weak, { name: 'Halifax Recovery Cafe', trigram: 0.35, distanceMetres: 140 }).likely).toBe(true);
    // tokens 2·1/(2+3) = 0.4; reach 150 × 16^(0.1/0.7) = 223 m
    expect(judgeDuplicate(weak, { name: 'Halifax Recovery Cafe', trigram: 0.35, distanceMetres: 230 }).likely).toBe(false);
    const org = judgeDuplicate({ ...weak, organisationId: 'o1' }, { name: 'Halifax Recovery Cafe', organisationId: 'o1', trigram: 0.35, distanceMetres: 230 });
    expect(org).toMatchObject({ likely: true, reachMetres: 272 }); // 150 × 16^(0.15/0.7) = 150 × 1.811
  });
});
