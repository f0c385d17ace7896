import { englishEntity, persianEntity } from './analyze.ts';
import { SPACE } from './html-text.ts';

/**
 * `entities` over UTF-16 code units, for the related model's rebuild: running its two regular
 * expressions needed the article as one string (the body is decoded into a buffer, so that
 * string had to be made) and cost a tenth of the rebuild. This scanner finds the same matches
 * (`entity-scan.test.ts` checks it against `entities` on random text) and makes a string only
 * for each match; the model memoises what a match turns into.
 */

// [\p{L}'’.-]: what an English name's word is made of (BMP letters; surrogates checked below).
const NAME_CHAR = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  if (/\p{L}/u.test(String.fromCharCode(c))) NAME_CHAR[c] = 1;
}
for (const c of [39, 0x2019, 46, 45]) NAME_CHAR[c] = 1;

const CONNECTORS = ['of', 'the', 'de', 'al', 'bin', 'van', 'von', 'la'];
const OPEN = 0xab; // «
const CLOSE = 0xbb; // »

const isUpper = (c: number) => c >= 65 && c <= 90;
// \w as `\b` sees it without the `i` flag: ASCII letters, digits and underscore.
const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** End of an English name word ([A-Z][\p{L}'’.-]*) starting at `i`. */
function nameWordEnd(text: Uint16Array, i: number, to: number): number {
  let j = i + 1;
  while (j < to) {
    const c = text[j]!;
    if (NAME_CHAR[c] === 1) {
      j++;
      continue;
    }
    // An astral letter is a surrogate pair.
    if (c >= 0xd800 && c <= 0xdbff && j + 1 < to) {
      const d = text[j + 1]!;
      if (d >= 0xdc00 && d <= 0xdfff && /\p{L}/u.test(String.fromCharCode(c, d))) {
        j += 2;
        continue;
      }
    }
    break;
  }
  return j;
}

function spacesEnd(text: Uint16Array, i: number, to: number): number {
  while (i < to && SPACE[text[i]!] === 1) i++;
  return i;
}

/** Start of the next name word after a connector word at `i` ("of", "the" ... then space), or -1. */
function afterConnector(text: Uint16Array, i: number, to: number): number {
  for (const word of CONNECTORS) {
    if (i + word.length >= to) continue;
    let k = 0;
    while (k < word.length && text[i + k] === word.charCodeAt(k)) k++;
    if (k < word.length) continue;
    const next = spacesEnd(text, i + k, to);
    if (next > i + k && next < to && isUpper(text[next]!)) return next;
    return -1;
  }
  return -1;
}

/**
 * Calls `visit(start, end, kind)` for each match of `entities`' expressions in `text[from, to)`:
 * kind 0 for an English name (the whole match), then kind 1 for each guillemet's inner text.
 */
export function scanEntities(
  text: Uint16Array,
  from: number,
  to: number,
  visit: (start: number, end: number, kind: 0 | 1) => void,
): void {
  // \b[A-Z][\p{L}'’.-]*(?:\s+(?:(?:of|the|de|al|bin|van|von|la)\s+)?[A-Z][\p{L}'’.-]*)+
  let p = from;
  while (p < to) {
    if (!isUpper(text[p]!) || (p > from && isWordChar(text[p - 1]!))) {
      p++;
      continue;
    }
    let end = -1;
    let q = nameWordEnd(text, p, to);
    for (;;) {
      const s = spacesEnd(text, q, to);
      if (s === q || s >= to) break;
      const next = afterConnector(text, s, to);
      if (next >= 0) q = nameWordEnd(text, next, to);
      else if (isUpper(text[s]!)) q = nameWordEnd(text, s, to);
      else break;
      end = q;
    }
    if (end < 0) {
      p++;
      continue;
    }
    visit(p, end, 0);
    p = end;
  }
  // «([^»]{2,60})»
  for (let i = from; i < to; i++) {
    if (text[i] !== OPEN) continue;
    let j = i + 1;
    while (j < to && j - i - 1 <= 60 && text[j] !== CLOSE) j++;
    if (j < to && text[j] === CLOSE && j - i - 1 >= 2 && j - i - 1 <= 60) {
      visit(i + 1, j, 1);
      i = j;
    }
  }
}

/** The entity a match stands for (or null), as `entities` turns it: memoised per raw match. */
export function entityOf(raw: string, kind: 0 | 1): string | null {
  return kind === 0 ? englishEntity(raw) : persianEntity(raw);
}
