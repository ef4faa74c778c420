import { findControlCharacter } from './input';

test('NUL and other control characters are found and named by their path', () => {
  expect(findControlCharacter({ name: 'ok', tags: ['fine', 'bad\u0000'] })).toEqual({ field: 'tags.1', message: 'must not contain a NUL character' });
  expect(findControlCharacter({ q: 'a\u001bb' }, ['query'])).toEqual({ field: 'query.q', message: 'must not contain control character U+001B' });
  expect(findControlCharacter({ ['k\u0000']: 1 })).toMatchObject({ field: 'k?' });
  expect(findControlCharacter('x\u0000')).toMatchObject({ field: '(body)' });
});

test('tabs, newlines, carriage returns and ordinary Unicode pass', () => {
  expect(findControlCharacter({ description: 'line one\r\nline\ttwo', name: 'Café ☕ – “quotes”', n: 5, b: null })).toBeNull();
});
