/**
 * Refuses obvious personal data in free text before it is stored: Norwegian national identity
 * numbers and D-numbers with valid check digits, Norwegian phone numbers and e-mail addresses.
 * The result names only the kinds found, never the text itself, so nothing leaks into replies or logs.
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
  const d = [...s].map(Number);
  const day = d[0]! * 10 + d[1]!;
  const month = d[2]! * 10 + d[3]!;
  const dayOk = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  const monthOk = [0, 40, 80].some((off) => month - off >= 1 && month - off <= 12);
  if (!dayOk || !monthOk) return false;
  const k1 = checkDigit(d, W1);
  const k2 = checkDigit(d, W2);
  return k1 === d[9] && k2 === d[10];
}

// eleven digits, optionally with single spaces, dots or dashes between them
const ELEVEN_DIGITS = /(?<![\d])\d(?:[ .-]?\d){10}(?![\d])/g;
// 8 digits from 2-9 written as 12345678, 12 34 56 78 or 123 45 678, optionally with +47 / 0047; not inside a
// word or a longer number, but chat formatting around it (_41234567_, *41234567*) does not hide it
const PHONE = /(?<![\d\p{L}])(?:(?:\+|00)47[ ]?)?(?:[2-9]\d{7}|[2-9]\d(?: \d\d){3}|[2-9]\d\d \d\d \d\d\d)(?![\d])/gu;
const MONEY_BEFORE = /(?:kr\.?|nok)\s*$/i;
const MONEY_AFTER = /^\s*(?:kr\b|kroner|nok\b|,-)/i;
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+/u;

export function findPersonalData(text: string): PersonalDataKind[] {
  const found = new Set<PersonalDataKind>();
  for (const m of text.matchAll(ELEVEN_DIGITS)) {
    if (isNationalIdNumber(m[0].replace(/[ .-]/g, ''))) found.add('national-id');
  }
  for (const m of text.matchAll(PHONE)) {
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    if (!MONEY_BEFORE.test(before) && !MONEY_AFTER.test(after)) found.add('phone');
  }
  if (EMAIL.test(text)) found.add('email');
  return [...found];
}
