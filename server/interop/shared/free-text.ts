/**
 * Free text from outside sources is public text once published. A person's e-mail address
 * or phone number written into a meeting's notes ("Contact Laura at 917-620-5464 or
 * laura@example.org") must not enter the registry that way: importers find them, keep
 * them out of the stored text and say so in their report, so a coordinator can decide
 * (an organisation's own public line may be put back by hand).
 *
 * Pure, no I/O. Deliberately conservative about what is a phone number: meeting ids and
 * pass codes of online meetings ("Meeting ID: 639 479 9909") are long digit runs too, but
 * they are the meeting's, not a person's, and the feeds publish them on purpose.
 */
export type ContactKind = 'email' | 'phone';
export type FoundContact = { kind: ContactKind; text: string; index: number };

/** What replaces a removed detail, so the sentence still reads and the gap is visible. */
export const REMOVED_MARK = '[contact details removed]';

// Every repeat is bounded (RFC 5321 lengths; a phone with its separators is under 30
// characters), so a hostile note of a million digits or letters costs linear time, not
// quadratic: each start position can only look a short way ahead.
const EMAIL = /[A-Z0-9._%+-]{1,64}(?:@|\s?\[at\]\s?|\s?\(at\)\s?)[A-Z0-9-]{1,63}(?:\.[A-Z0-9-]{1,63}){0,8}\.[A-Z]{2,24}/gi;
// A run of digits with the separators people type (space, dot, hyphen, brackets), an
// optional leading + and an optional extension; how many digits decides below.
const PHONE_CANDIDATE = /(?<![\w#:/.-])\+?\(?\d[\d\s().-]{6,28}\d(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?(?![\w@])/gi;
// Words just before a number that make it a meeting's id, pass code or conference dial-in
// line (the video service's, published on purpose), not a person's phone.
const NOT_A_PHONE_BEFORE = /(dial[\s-]?in|meeting\s*(id|number|no\.?)|zoom\s*(id|meeting)?|webinar\s*id|id\s*#?|pass\s*code|password|pin|gso\s*#?|#)\s*[:#-]?\s*(is\s*)?$/i;

function digitsOf(s: string): string {
  return s.replace(/(x|ext\.?|extension)\s?\d{1,5}$/i, '').replace(/\D/g, '');
}

/** Is this digit run shaped like a telephone number (UK, North American or international)? */
export function looksLikePhone(candidate: string): boolean {
  const digits = digitsOf(candidate);
  if (candidate.trim().startsWith('+')) return digits.length >= 9 && digits.length <= 15;
  // UK national numbers: 0 then 9–10 digits (01/02/03/07/08…); North American: 10 digits,
  // or 11 starting with 1.
  if (digits.startsWith('0')) return digits.length === 10 || digits.length === 11;
  if (digits.length === 10) return /[-.\s()]/.test(candidate);
  if (digits.length === 11 && digits.startsWith('1')) return /[-.\s()]/.test(candidate);
  return false;
}

/** Every e-mail address and phone number found in `text`, in the order they appear. */
export function findContactDetails(text: string | null | undefined): FoundContact[] {
  if (!text) return [];
  const found: FoundContact[] = [];
  for (const m of text.matchAll(EMAIL)) found.push({ kind: 'email', text: m[0], index: m.index! });
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    const raw = m[0].trim().replace(/[\s(.-]+$/, '');
    const index = m.index! + (m[0].length - m[0].trimStart().length);
    if (found.some((f) => index >= f.index && index < f.index + f.text.length)) continue;
    if (!looksLikePhone(raw)) continue;
    if (NOT_A_PHONE_BEFORE.test(text.slice(Math.max(0, index - 24), index))) continue;
    found.push({ kind: 'phone', text: raw, index });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** `text` with each found detail replaced by REMOVED_MARK, and what was removed. */
export function withoutContactDetails(text: string | null | undefined): { text: string | null; removed: FoundContact[] } {
  if (text === null || text === undefined) return { text: text ?? null, removed: [] };
  const removed = findContactDetails(text);
  if (!removed.length) return { text, removed };
  let out = '';
  let at = 0;
  for (const r of removed) {
    out += text.slice(at, r.index) + REMOVED_MARK;
    at = r.index + r.text.length;
  }
  out += text.slice(at);
  return { text: out, removed };
}

/** One line for an import report: what was kept out of which field. */
export function describeRemoved(removed: FoundContact[]): string {
  const emails = removed.filter((r) => r.kind === 'email').length;
  const phones = removed.length - emails;
  const parts = [emails ? `${emails} e-mail address${emails > 1 ? 'es' : ''}` : '', phones ? `${phones} phone number${phones > 1 ? 's' : ''}` : ''].filter(Boolean);
  return `kept out of the public text: ${parts.join(' and ')} (a coordinator may put back an organisation's own public contact)`;
}
