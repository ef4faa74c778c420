import { uuidV3, uuidV5 } from './ids';

// RFC 9562 Appendix A.4 test vector: UUIDv5 of "www.example.com" in the DNS namespace.
test('uuidV5 matches the RFC test vector', () => {
  expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
});

test('uuidV5 is stable and distinct per name', () => {
  expect(uuidV5('a')).toBe(uuidV5('a'));
  expect(uuidV5('a')).not.toBe(uuidV5('b'));
  expect(uuidV5('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

// RFC 9562 Appendix A.2: UUIDv3 of "www.example.com" in the DNS namespace.
test('uuidV3 matches the RFC test vector', () => {
  expect(uuidV3('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('5df41881-3aed-3515-88a7-2f4a814cf09e');
});
