import { REMOVED_MARK, describeRemoved, findContactDetails, looksLikePhone, withoutContactDetails } from './free-text';

// Texts as they appear in real Meeting Guide feeds (test/fixtures/meeting-guide).
describe('contact details in free text', () => {
  it('finds e-mails and North American phones in a real note', () => {
    const text = 'Contact Laura at 917-620-5464 or jacksonedaphoenix@gmail.com';
    expect(findContactDetails(text).map((f) => [f.kind, f.text])).toEqual([
      ['phone', '917-620-5464'],
      ['email', 'jacksonedaphoenix@gmail.com'],
    ]);
    expect(withoutContactDetails(text).text).toBe(`Contact Laura at ${REMOVED_MARK} or ${REMOVED_MARK}`);
  });

  it('finds UK numbers in the forms people write them', () => {
    for (const phone of ['01422 123456', '07700 900123', '+44 7700 900123', '(01422) 123 456', '0800 123 4567', '01422-123456 x57']) {
      expect(findContactDetails(`Ring ${phone} today`).map((f) => f.text)).toEqual([phone]);
    }
  });

  it('leaves meeting ids, pass codes, times, dates and GSO numbers alone', () => {
    const texts = [
      'Meeting ID: 6394799909#\nPassword: 123456',
      'Zoom ID: 639 479 9909\nPassword: 12',
      'Meeting ID: 822 3702 2594 Passcode: 502502',
      'Zoom meeting is 639 479 9909 password 123456',
      'Recovering Sisters Group (GSO#000394089) meets 19:30-21:00 on 2024-01-05',
      'Meeting ID 841 9529 8454',
      'Room 118, 8:30 PM ET/5:30 PT',
      'Dial-in: 301-715-8592. Enter Meeting ID: 839 8503 5184#, Passcode: 85642151',
    ];
    for (const t of texts) expect(findContactDetails(t)).toEqual([]);
  });

  it('finds obfuscated e-mails and several details in one text', () => {
    const text = 'Email: cranbrookeda@gmail.com\nPhone: Tammy 250-421-4760\nor jo [at] example.org';
    const found = findContactDetails(text);
    expect(found.map((f) => f.kind)).toEqual(['email', 'phone', 'email']);
    expect(describeRemoved(found)).toBe("kept out of the public text: 2 e-mail addresses and 1 phone number (a coordinator may put back an organisation's own public contact)");
  });

  it('phone shape: digit counts by numbering plan', () => {
    expect(looksLikePhone('01422 123456')).toBe(true);
    expect(looksLikePhone('1234567')).toBe(false);
    expect(looksLikePhone('6394799909')).toBe(false); // ten bare digits: an id more often than a phone
    expect(looksLikePhone('639-479-9909')).toBe(true);
    expect(looksLikePhone('+1 716 320 1034')).toBe(true);
  });

  it('reads hostile notes in linear time (every repeat bounded): a 200,000-character run of digits or letters', () => {
    // Unbounded repeats made these quadratic (4e10 steps): the test would not finish.
    expect(findContactDetails('9'.repeat(200_000) + 'x')).toEqual([]);
    expect(findContactDetails('a'.repeat(200_000) + '@')).toEqual([]);
    const [found] = findContactDetails(`${'a.'.repeat(100_000)}b@example.org`);
    expect(found.text).toMatch(/^[a.]{1,63}b@example\.org$/);
  });

  it('keeps text without contact details as it was, and null as null', () => {
    expect(withoutContactDetails('Tuesdays at the church hall')).toEqual({ text: 'Tuesdays at the church hall', removed: [] });
    expect(withoutContactDetails(null)).toEqual({ text: null, removed: [] });
  });
});
