import { attemptSchema, componentClash, secondCodingSchema } from './schemas';

const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

test('an outcome code out of range is a field error, not a crash in the component rules (bad-input sweep seeds 11 and 22)', () => {
  for (const outcome of [-1e308, 9007199254740992, 4, 1.5, '2', null]) {
    const r = secondCodingSchema.safeParse({ outcome, gaveContact: true, gaveReferral: false });
    expect(r.success).toBe(false);
    expect([...new Set(fieldsOf(r))]).toEqual(['outcome']);
  }
  const attempt = attemptSchema.safeParse({ attemptedAt: '2026-01-05T10:00:00Z', mode: 'phone', result: 'answered', outcome: 7, gaveContact: true });
  expect(attempt.success).toBe(false);
  expect(fieldsOf(attempt)).toContain('outcome');
});

test('the component rules: 2 gives contact and no referral; 3 gives referral with or without contact', () => {
  expect(componentClash(2, 'gaveContact', true)).toBeNull();
  expect(componentClash(2, 'gaveReferral', true)).toBe('must be false with outcome 2');
  expect(componentClash(3, 'gaveContact', false)).toBeNull();
  expect(componentClash(0, 'gaveContact', true)).toBe('must be false with outcome 0');
  expect(componentClash(9 as never, 'gaveContact', true)).toBeNull();
});
