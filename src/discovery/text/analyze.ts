import { normalizeForMatch } from '../../domain/persian-text.ts';
import { ENGLISH_STOPWORDS, PERSIAN_STOPWORDS } from './stopwords.ts';

/**
 * Text analysis shared by the related model, the recommender and the evaluation: one function
 * turns any text into terms, so documents and queries always meet (Persian normalisation via
 * normalizeForMatch, English light stemming, stopwords of both languages).
 */

const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;
const ARABIC_SCRIPT = /[\u0600-\u06ff]/;

/** Harman's "S" stemmer plus -ing/-ed on long words: light, predictable, never mangles names. */
export function stemEnglish(word: string): string {
  const n = word.length;
  if (n <= 3) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies'))
    return word.slice(0, -3) + 'y';
  if (word.endsWith('es') && !/(?:aes|ees|oes)$/.test(word) && /(?:ches|shes|sses|xes|zes)$/.test(word))
    return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('us') && !word.endsWith('ss') && !word.endsWith('is'))
    return word.slice(0, -1);
  if (n >= 7 && word.endsWith('ing')) return word.slice(0, -3);
  if (n >= 6 && word.endsWith('ed') && !word.endsWith('eed')) return word.slice(0, -2);
  return word;
}

/** Persian plural/suffix stripping after normalisation (the ZWNJ is gone: کتاب‌ها -> کتابها -> کتاب). */
export function stemPersian(word: string): string {
  for (const suffix of ['هایی', 'های', 'ها']) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

// A raw word: letters, digits, marks and the joiners normalisation removes (ZWNJ, tatweel ...),
// so "می‌خواهم" stays one piece and normalises to "میخواهم" exactly as the whole text would.
// A per-code-unit table makes the scan a loop of array reads instead of a Unicode regex.
export const WORD_CHAR = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (c >= 0xd800 && c <= 0xdfff)
    WORD_CHAR[c] = 1; // astral letters: let normalisation decide
  else if (
    /[\p{L}\p{N}\p{M}\u200b-\u200f\u00ad\ufeff\u0640\u2066-\u2069\u202a-\u202e]/u.test(String.fromCharCode(c))
  )
    WORD_CHAR[c] = 1;
}

/** Calls `visit` with every raw word of the text, in order. */
export function rawWords(text: string, visit: (raw: string) => void): void {
  const n = text.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (WORD_CHAR[text.charCodeAt(i)] === 1) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) visit(text.slice(start));
}

const CACHE_LIMIT = 200_000;
const cache = new Map<string, readonly string[]>();

/** The terms of one raw word, memoised: news text repeats its words, normalising is not free. */
export function wordTerms(raw: string): readonly string[] {
  let out = cache.get(raw);
  if (out) return out;
  const found: string[] = [];
  for (const match of normalizeForMatch(raw).matchAll(WORD)) {
    const w = match[0];
    if (w.length < 2 || w.length > 40 || DIGITS.test(w)) continue;
    if (ARABIC_SCRIPT.test(w)) {
      if (!PERSIAN_STOPWORDS.has(w)) found.push(stemPersian(w));
    } else if (!ENGLISH_STOPWORDS.has(w)) found.push(stemEnglish(w));
  }
  out = found;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, out);
  return out;
}

/** Terms of a text, in order, after normalisation (normalizeForMatch), stopwords and stemming. */
export function terms(text: string, out: string[] = []): string[] {
  rawWords(text, (raw) => {
    for (const t of wordTerms(raw)) out.push(t);
  });
  return out;
}

// Capitalised runs of two or more words, allowing "of/the/al/bin" inside ("Bank of England").
const ENGLISH_NAME = /\b[A-Z][\p{L}'’.-]*(?:\s+(?:(?:of|the|de|al|bin|van|von|la)\s+)?[A-Z][\p{L}'’.-]*)+/gu;
// Persian news marks names of works, places and organisations with guillemets: «...».
const GUILLEMETS = /«([^»]{2,60})»/g;

/**
 * Named entities: capitalised multi-word names in English ("Mohammad Javad Zarif", "Bank of
 * England"; a leading function word such as "The" or "In" is dropped), and for Persian the short
 * names inside guillemets. Returned normalised so both spellings of a name meet.
 */
export function entities(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(ENGLISH_NAME)) {
    const name = englishEntity(match[0]);
    if (name !== null) found.add(name);
  }
  for (const match of text.matchAll(GUILLEMETS)) {
    const name = persianEntity(match[1]!);
    if (name !== null) found.add(name);
  }
  return [...found];
}

/** The entity of one English name match: null when only one word is left without "The", "In" ... */
export function englishEntity(match: string): string | null {
  const words = match.split(/\s+/);
  while (words.length > 0 && ENGLISH_STOPWORDS.has(words[0]!.toLowerCase())) words.shift();
  return words.length >= 2 ? normalizeForMatch(words.join(' ')).replace(/[’']s$/, '') : null;
}

/** The entity of one guillemet's inner text: null for more than five words (a quotation). */
export function persianEntity(inner: string): string | null {
  const name = inner.trim();
  return name.split(/\s+/).length <= 5 ? normalizeForMatch(name).replace(/\s+/g, ' ') : null;
}
