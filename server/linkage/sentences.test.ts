import { changeSentence, rateSentence } from './sentences';

test('a headline rate in words, rounded to whole numbers in 100', () => {
  expect(rateSentence('reach', 0.7812, 0.7049, 0.8451)).toBe('About 78 in 100 contacted services were reached; we are 95% sure it is between 70 and 85 in 100.');
  expect(rateSentence('referral_reached', 0, 0, 0.3244)).toBe('About 0 in 100 services that were reached said how to be referred to the service asked about; we are 95% sure it is between 0 and 32 in 100.');
  expect(rateSentence('knew_closed', 0.5, null, null)).toMatch(/^About 50 in 100 enquiries .*too few services to say how sure/);
  expect(rateSentence('reach', null, null, null)).toBe('Not enough closed pairs yet to say how many in 100 contacted services were reached.');
});

test('clear evidence of change only when the interval excludes 0 (and, for secondary figures, Holm p < 0.05)', () => {
  const primary = changeSentence('reach', { before: 0.56, after: 0.66, lower: 0.021, upper: 0.18, adjustedP: 0.01, secondary: false });
  expect(primary).toEqual({ clearEvidence: true, sentence: 'Clear evidence of change: services reached rose from 56 to 66 in 100; the change is between a rise of 2 points and a rise of 18 points.' });
  const none = changeSentence('reach', { before: 0.56, after: 0.6, lower: -0.03, upper: 0.11, adjustedP: 0.3, secondary: false });
  expect(none.clearEvidence).toBe(false);
  expect(none.sentence).toBe('No clear evidence of change: services reached rose from 56 to 60 in 100, but a real change of zero cannot be ruled out; the change is between a fall of 3 points and a rise of 11 points.');
  const adjusted = changeSentence('referral_closed', { before: 0.3, after: 0.2, lower: -0.19, upper: -0.01, adjustedP: 0.2, secondary: true });
  expect(adjusted.clearEvidence).toBe(false);
  expect(adjusted.sentence).toContain('once the number of comparisons is allowed for');
  expect(changeSentence('reach', { before: null, after: 0.5, lower: null, upper: null, adjustedP: null, secondary: false }).clearEvidence).toBe(false);
  expect(changeSentence('reach', { before: 0.5, after: 0.49, lower: -0.01, upper: 0.2, adjustedP: 1, secondary: false }).sentence).toContain('a fall of 1 point and');
});
