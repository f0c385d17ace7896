/**
 * Persian/Arabic text normalisation, applied identically to documents and queries so that the
 * common spelling variants of the same word meet: Arabic yeh/kaf vs Persian yeh/keheh, teh
 * marbuta, alef forms, joiners, tashkeel and the three digit sets.
 */
const CHAR_MAP: Record<string, string> = {
  '\u064a': '\u06cc', // ARABIC YEH -> FARSI YEH
  '\u0649': '\u06cc', // ALEF MAKSURA -> FARSI YEH
  '\u06d2': '\u06cc', // YEH BARREE
  '\u0643': '\u06a9', // ARABIC KAF -> KEHEH
  '\u06aa': '\u06a9', // SWASH KAF
  '\u0629': '\u0647', // TEH MARBUTA -> HEH
  '\u06c0': '\u0647', // HEH WITH YEH ABOVE
  '\u06d5': '\u0647', // AE
  '\u0623': '\u0627', // ALEF WITH HAMZA ABOVE
  '\u0625': '\u0627', // ALEF WITH HAMZA BELOW
  '\u0622': '\u0627', // ALEF WITH MADDA
  '\u0671': '\u0627', // ALEF WASLA
  '\u0624': '\u0648', // WAW WITH HAMZA
  '\u0626': '\u06cc', // YEH WITH HAMZA
};

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

// Tashkeel, superscript alef, tatweel and hamza marks that carry no meaning for matching.
const DROP = /[\u064b-\u065f\u0670\u0640\u0654\u0655]/g;
// ZWNJ, ZWJ, direction marks, soft hyphen, BOM: joiners become nothing so
// "می‌خواهم" and "میخواهم" meet; the space variant is handled by tokenising.
const JOINERS = /[\u200b-\u200f\u00ad\ufeff\u2066-\u2069\u202a-\u202e]/g;

export function normalizeDigits(text: string): string {
  return text.replace(ANY_DIGIT, (ch) => FOLD[ch]!);
}

// One table and one pass: search indexes whole archives through this, so it must be cheap
// (a character loop with string concatenation cost ~1 µs per character).
const FOLD: Record<string, string> = { ...CHAR_MAP };
for (let i = 0; i < 10; i++) {
  FOLD[PERSIAN_DIGITS[i]!] = String(i);
  FOLD[ARABIC_DIGITS[i]!] = String(i);
}
const ANY_DIGIT = new RegExp(`[${PERSIAN_DIGITS}${ARABIC_DIGITS}]`, 'g');
const FOLDABLE = new RegExp(`${DROP.source}|${JOINERS.source}|[${Object.keys(FOLD).join('')}]`, 'g');

/** Normalises text for matching (search, related). Lower-cases Latin text as well. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FOLDABLE, (ch) => FOLD[ch] ?? '')
    .toLowerCase();
}

/** Shows Western digits as Persian digits (for display in the Persian edition). */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d);
}
