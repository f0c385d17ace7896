/**
 * Plain text of stored body HTML in one scan, written as UTF-16 code units into a reusable
 * buffer: the related model reads every body at rebuild, and `htmlToText` (nine regex passes,
 * each making a new string) then `slice` cost more than the tokenising itself.
 *
 * The result is exactly `htmlToText(html.slice(0, maxHtml)).slice(0, maxChars)` for the HTML
 * Broadsheet stores (sanitised: no `<` inside attributes, no script or style blocks); the one
 * difference is a pathological nesting of a script block inside a tag's attribute, which
 * sanitised HTML cannot contain. `html-text.test.ts` checks the equivalence on random input.
 */

// JavaScript's \s: what `htmlToText` collapses to one space and trims.
export const SPACE = new Uint8Array(65536);
for (const c of [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff])
  SPACE[c] = 1;
for (let c = 0x2000; c <= 0x200a; c++) SPACE[c] = 1;

const LT = 60;
const GT = 62;
const AMP = 38;

/** `html` has `word` at `i`, entirely before `end` (ASCII `word`, compared case-insensitively when `fold`). */
function has(html: string, i: number, end: number, word: string, fold = false): boolean {
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) {
    let c = html.charCodeAt(i + k);
    if (fold && c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** End (exclusive) of a `<script ...>...</script>` or style block starting at `i`, or -1. */
function scriptBlockEnd(html: string, i: number, end: number): number {
  const name = has(html, i + 1, end, 'script', true)
    ? 'script'
    : has(html, i + 1, end, 'style', true)
      ? 'style'
      : '';
  if (!name) return -1;
  const open = html.indexOf('>', i + 1 + name.length);
  if (open < 0 || open >= end) return -1;
  const close = `</${name}>`;
  for (let j = open + 1; j + close.length <= end; j++) {
    if (html.charCodeAt(j) === LT && has(html, j, end, close, true)) return j + close.length;
  }
  return -1;
}

// The entities `htmlToText` decodes, in its order: after `&amp;` becomes `&`, the later ones
// are decoded again ("&amp;lt;" gives "<"), as its chained replaces do.
const AFTER_AMP: readonly [string, number][] = [
  ['lt;', LT],
  ['gt;', GT],
  ['quot;', 34],
  ['#39;', 39],
];

/**
 * Writes the text of `html` (its first `maxHtml` characters, at most `maxChars` characters of
 * text) into `out` from `at`; returns the end. `out` must have room for `maxChars` more units.
 */
export function htmlTextInto(
  html: string,
  maxHtml: number,
  maxChars: number,
  out: Uint16Array,
  at: number,
): number {
  const end = Math.min(html.length, maxHtml);
  let n = at;
  let count = 0;
  let pendingSpace = false;
  let started = false;
  let i = 0;
  // Emits one character of text; false when the text is full.
  const emit = (c: number): boolean => {
    if (pendingSpace) {
      pendingSpace = false;
      out[n++] = 32;
      if (++count >= maxChars) return false;
    }
    out[n++] = c;
    started = true;
    return ++count < maxChars;
  };
  while (i < end && count < maxChars) {
    const c = html.charCodeAt(i);
    if (c === LT) {
      const block = scriptBlockEnd(html, i, end);
      if (block >= 0) {
        pendingSpace = started;
        i = block;
        continue;
      }
      const close = html.indexOf('>', i + 1);
      if (close > i + 1 && close < end) {
        pendingSpace = started;
        i = close + 1;
        continue;
      }
      if (!emit(c)) break;
      i++;
    } else if (c === AMP) {
      if (has(html, i, end, '&nbsp;')) {
        pendingSpace = started;
        i += 6;
        continue;
      }
      let decoded = -1;
      let length = 0;
      if (has(html, i, end, '&amp;')) {
        decoded = AMP;
        length = 5;
        for (const [rest, ch] of AFTER_AMP)
          if (has(html, i + 5, end, rest)) {
            decoded = ch;
            length = 5 + rest.length;
            break;
          }
      } else {
        for (const [rest, ch] of AFTER_AMP)
          if (has(html, i + 1, end, rest)) {
            decoded = ch;
            length = 1 + rest.length;
            break;
          }
      }
      if (decoded < 0) {
        decoded = AMP;
        length = 1;
      }
      // A decoded character is text, never markup or space.
      if (!emit(decoded)) break;
      i += length;
    } else if (SPACE[c] === 1) {
      pendingSpace = started;
      i++;
    } else {
      if (!emit(c)) break;
      i++;
    }
  }
  return n;
}
