import { differentDays, differentFellowships, differentNumbers, foldText, judgeDuplicate, nameTokens, normalisePhone, normaliseWebsite, reachMetres, tokenSetScore } from './score';

describe('names compared without case, accents, punctuation or word order', () => {
  test('folding', () => {
    expect(foldText('SMART Recovery – Halifax Saturday')).toBe('smart recovery halifax saturday');
    expect(foldText('Café Ünion (Elland)')).toBe('cafe union elland');
  });
  test('token-set (Dice) score with every word weighing the same, worked by hand', () => {
    expect(tokenSetScore('Halifax Recovery Walking Group', 'Recovery Walking Group – Halifax')).toBe(1);
    // {smart, recovery, halifax} vs {halifax, smart, recovery, group}: 2·3 / (3 + 4)
    expect(tokenSetScore('SMART Recovery Halifax', 'Halifax SMART Recovery Group')).toBeCloseTo(6 / 7, 10);
    // "the" and "of" are not words that tell names apart
    expect(tokenSetScore('The Friends of Calder', 'Calder Friends')).toBe(1);
    expect(tokenSetScore('Café Recovery', 'cafe recovery')).toBe(1);
    // Spelt out or initials, "&" or "and", Saint or St: the same words.
    expect(tokenSetScore('Alcoholics Anonymous Halifax', 'AA – Halifax')).toBe(1);
    expect(tokenSetScore("St Mary's Hall & Garden", "Saint Mary's Hall and Garden")).toBe(1);
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
    // Dice 2·2/(3+3) = 0.67, × 0.4 = 0.27: under the 0.55 floor, so no reach at all.
    const v = judgeDuplicate({ name: 'Recovery Group 1' }, { name: 'Recovery Group 2', distanceMetres: 300 });
    expect(v.reasons.map((r) => r.code)).toContain('different_number');
    expect(v).toMatchObject({ likely: false, nameScore: 0.27, reachMetres: 0 });
  });
  test('different fellowships: another meeting', () => {
    expect(differentFellowships(nameTokens('AA – Elland Sunday'), nameTokens('NA – Elland Sunday'))).toBe(true);
    expect(differentFellowships(nameTokens('AA – Elland Sunday'), nameTokens('Alcoholics Anonymous Elland'))).toBe(false);
    expect(differentFellowships(nameTokens('AA – Elland Sunday'), nameTokens('Elland Sunday Group'))).toBe(false);
    // 2·2/(3+3) × 0.4 = 0.27, the same place or not.
    expect(judgeDuplicate({ name: 'AA – Elland Sunday' }, { name: 'NA – Elland Sunday', distanceMetres: 0 })).toMatchObject({ likely: false, nameScore: 0.27 });
  });
  test('contacts normalised', () => {
    expect(normalisePhone('+44 (1422) 123 456')).toBe(normalisePhone('01422 123456'));
    expect(normalisePhone('123')).toBeNull();
    expect(normaliseWebsite('https://www.Example.org/halifax/')).toBe('example.org/halifax');
  });
});

describe('reach and verdicts, worked by hand', () => {
  test('reach = 150 m × 16^((s − 0.55)/0.45)', () => {
    expect(reachMetres(0.55)).toBeCloseTo(150, 6);
    expect(reachMetres(0.775)).toBeCloseTo(600, 6); // 150 × 16^0.5
    expect(reachMetres(1)).toBeCloseTo(2400, 6);
    expect(reachMetres(0.54)).toBe(0);
  });

  test('the same words 320 m away: a strong match, score 1 × (0.5 + 0.5 × 2^(−320/500)) = 0.82', () => {
    const v = judgeDuplicate({ name: 'SMART Recovery Halifax Saturday' }, { name: 'SMART Recovery – Halifax Saturday', distanceMetres: 320 });
    expect(v).toMatchObject({ likely: true, nameScore: 1, score: 0.82, reachMetres: 2400 });
    expect(v.reasons.map((r) => r.code)).toEqual(['name', 'distance']);
    expect(v.reasons[1].message).toBe('320 m away');
  });

  test('a slip of the keyboard: 0.85 for the word, (0.85 + 2) × 2 / 6 = 0.95, reach 150 × 16^(0.4/0.45) = 1,764 m', () => {
    const v = judgeDuplicate({ name: 'Recovery Choir Elland' }, { name: 'Recovry Choir – Elland', distanceMetres: 1700 });
    expect(v).toMatchObject({ likely: true, nameScore: 0.95, reachMetres: 1764 });
    expect(judgeDuplicate({ name: 'Recovery Choir Elland' }, { name: 'Recovry Choir – Elland', distanceMetres: 1800 }).likely).toBe(false);
  });

  test('another weekday: 0.75 × 0.4 = 0.3, not a duplicate even at the same place', () => {
    const v = judgeDuplicate({ name: 'SMART Recovery Halifax Saturday' }, { name: 'SMART Recovery – Halifax Monday', distanceMetres: 0 });
    expect(v).toMatchObject({ likely: false, nameScore: 0.3, reachMetres: 0 });
    expect(v.reasons.map((r) => r.code)).toContain('different_day');
  });

  test('the same fellowship meeting on other days shares its website, and is still another meeting', () => {
    const v = judgeDuplicate(
      { name: 'Narcotics Anonymous Halifax', schedule: [{ day: 3 }], website: 'https://ukna.org' },
      { name: 'Narcotics Anonymous – Halifax', schedule: [{ day: 5 }], website: 'https://www.ukna.org/', distanceMetres: 10 },
    );
    // min(1, 1 + 0.1) × 0.4 = 0.4 < 0.55
    expect(v).toMatchObject({ likely: false, reachMetres: 0 });
  });

  test('another category counts against: × 0.8', () => {
    // {recovery, choir, elland} both: 1 × 0.8 = 0.8 → reach 150 × 16^(0.25/0.45) = 700 m.
    const probe = { name: 'Recovery Choir – Elland', category: 'social_leisure_arts' };
    const v = judgeDuplicate(probe, { name: 'Elland Recovery Choir', category: 'recovery_community', distanceMetres: 650 });
    expect(v).toMatchObject({ likely: true, nameScore: 0.8, reachMetres: 700 });
    expect(v.reasons.map((r) => r.code)).toContain('different_category');
    expect(judgeDuplicate(probe, { name: 'Elland Recovery Choir', category: 'recovery_community', distanceMetres: 750 }).likely).toBe(false);
    expect(judgeDuplicate(probe, { name: 'Elland Recovery Choir', category: 'social_leisure_arts', distanceMetres: 750 }).likely).toBe(true);
  });

  test('unlike names are not made alike by contacts alone; alike ones reach further', () => {
    const none = judgeDuplicate(
      { name: 'Foo Club', phone: '01422 123456', email: 'x@y.org', website: 'https://y.org', organisationId: 'o1' },
      { name: 'Bar Society', phone: '+44 1422 123456', email: 'X@Y.org', website: 'y.org', organisationId: 'o1', distanceMetres: 20 },
    );
    expect(none).toMatchObject({ likely: false, nameScore: 0 }); // 0.15 + 0.15 + 0.1 + 0.05 = 0.45 < 0.55
    expect(none.reasons.map((r) => r.code)).toEqual(['name', 'phone', 'email', 'website', 'organisation', 'distance']);
    // {oak, walk} vs {oak, walk, group}: 2·2/5 = 0.8 → 700 m; with the phone 0.95 → 1,764 m.
    expect(judgeDuplicate({ name: 'Oak Walk' }, { name: 'Oak Walk Group', distanceMetres: 900 }).likely).toBe(false);
    expect(judgeDuplicate({ name: 'Oak Walk', phone: '01422 123456' }, { name: 'Oak Walk Group', phone: '01422 123456', distanceMetres: 900 }))
      .toMatchObject({ likely: true, reachMetres: 1764 });
  });
});
