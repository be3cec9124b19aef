/**
 * Refuses obvious personal data in free text before it is stored: Norwegian national identity
 * numbers and D-numbers with valid check digits, Norwegian phone numbers and e-mail addresses.
 * The result names only the kinds found, never the text itself, so nothing leaks into replies or logs.
 *
 * Every check is linear in the length of the text (a hostile text of any size cannot stall the bot):
 * the patterns have a bounded length, the context around a match is read from a bounded window,
 * and e-mail addresses are looked for from each "@" outwards instead of by an unanchored pattern.
 */
export type PersonalDataKind = 'national-id' | 'phone' | 'email';

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((s, w, i) => s + w * digits[i]!, 0);
  const k = 11 - (sum % 11);
  return k === 11 ? 0 : k === 10 ? undefined : k;
}

/** True for an 11-digit fødselsnummer, D-number (day + 40) or H-number (month + 40) with valid check digits. */
export function isNationalIdNumber(s: string): boolean {
  if (!/^\d{11}$/.test(s)) return false;
  const d = Array.from({ length: 11 }, (_, i) => s.charCodeAt(i) - 48);
  const day = d[0]! * 10 + d[1]!;
  const month = d[2]! * 10 + d[3]!;
  const dayOk = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  const monthOk = [0, 40, 80].some((off) => month - off >= 1 && month - off <= 12);
  if (!dayOk || !monthOk) return false;
  const k1 = checkDigit(d, W1);
  const k2 = checkDigit(d, W2);
  return k1 === d[9] && k2 === d[10];
}

/**
 * What the guard reads: compatibility forms folded (full-width digits, "＠", no-break spaces), format
 * characters (zero-width spaces, soft hyphens, bidi controls) and lone surrogates removed, control
 * characters and line breaks read as spaces. So "4123\u200b4567" is read as the phone number it shows.
 */
function skeleton(text: string): string {
  return text.normalize('NFKC').replace(/[\p{Cf}\p{Cs}]/gu, '').replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
}

// eleven digits, optionally with a space, a dot or a dash (spaces around it allowed) between them
const ELEVEN_DIGITS = /(?<!\d)\d(?:(?: ?[.\-–] ?| )?\d){10}(?!\d)/g;
// 8 digits from 2-9 (optionally after +47 / 0047): 12345678, 12 34 56 78, 123 45 678 (one kind of
// separator: space, dot or dash, the same throughout) or 1234 5678
const PHONE = /(?<!\d)(?:(?:\+|00)47 ?)?(?:[2-9]\d{7}|[2-9]\d([ .-])\d\d\1\d\d\1\d\d|[2-9]\d\d([ .-])\d\d\2\d\d\d|[2-9]\d{3} \d{4})(?!\d)/g;
/** how much text around a number is read for its context (amounts, reference numbers) */
const WINDOW = 32;
// an amount word is a word of its own: "AKR. 20000000" or "20000000 krølle" is no amount (letters and digits in
// any script count as part of a word, so the boundaries are written out instead of \b, which knows only ASCII)
const MONEY_BEFORE = /(?:^|[^\p{L}\p{N}])(?:kr\.?|nok)\s*$/iu;
const MONEY_AFTER = /^\s*(?:(?:kr|kroner|nok)(?![\p{L}\p{N}])|,-)/iu;
/** a reference number, not a phone number: "elevnr 41234567", "saksnr: …", "org.nr. …" */
const REFERENCE_BEFORE = /(?:^|[^\p{L}\p{N}])(?:elev|saks?|org|organisasjons|konto|faktura|ordre|arkiv|arkivsaks|journal|journalpost|løpe|referanse|ref|kunde|bilag|dok|dokument)\.? ?(?:nr|nummer)\.?[ :#=-]*$/iu;
/** two years side by side ("skoleåret 2026 2027") are not a phone number written 1234 5678 */
const TWO_YEARS = /^(?:19|20)\d\d (?:19|20)\d\d$/;

const LOCAL_PART_CHAR = /^[\p{L}\p{N}._%+-]$/u;
const DOMAIN = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/uy;

/** The code point that ends just before index i (a surrogate pair read as one character). */
function charBefore(s: string, i: number): string {
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(i - 2, i);
  }
  return s.slice(i - 1, i);
}

/** An e-mail address: from each "@", a local-part character before it and a dotted domain after it. */
function hasEmail(t: string): boolean {
  for (let at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
    if (at === 0 || !LOCAL_PART_CHAR.test(charBefore(t, at))) continue;
    DOMAIN.lastIndex = at + 1;
    if (DOMAIN.test(t)) return true;
  }
  return false;
}

function isPhone(t: string, m: RegExpMatchArray): boolean {
  const start = m.index!;
  const before = t.slice(Math.max(0, start - WINDOW), start);
  const after = t.slice(start + m[0].length, start + m[0].length + WINDOW);
  if (MONEY_BEFORE.test(before) || MONEY_AFTER.test(after)) return false;
  if (REFERENCE_BEFORE.test(before)) return false;
  return !TWO_YEARS.test(m[0]);
}

export function findPersonalData(text: string): PersonalDataKind[] {
  const t = skeleton(text);
  const found = new Set<PersonalDataKind>();
  for (const m of t.matchAll(ELEVEN_DIGITS)) {
    if (!found.has('national-id') && isNationalIdNumber(m[0].replace(/\D/g, ''))) found.add('national-id');
  }
  for (const m of t.matchAll(PHONE)) {
    if (isPhone(t, m)) {
      found.add('phone');
      break;
    }
  }
  if (hasEmail(t)) found.add('email');
  return [...found];
}
