import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../domain/excerpt.ts';
import { htmlTextInto } from './html-text.ts';

function viaScan(html: string, maxHtml: number, maxChars: number): string {
  const out = new Uint16Array(maxChars + 8);
  const n = htmlTextInto(html, maxHtml, maxChars, out, 0);
  return String.fromCharCode(...out.subarray(0, n));
}

const viaRegex = (html: string, maxHtml: number, maxChars: number) =>
  htmlToText(html.slice(0, maxHtml)).slice(0, maxChars);

// Pieces that exercise every rule: tags (closed, unclosed, empty), entities (chained and cut),
// every kind of white space, Persian text with joiners, and plain words.
const PIECES = [
  '<p>',
  '</p>',
  '<a href="/x">',
  '<',
  '>',
  '<>',
  '<br/>',
  '&',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&#39;',
  '&nbsp;',
  'amp;',
  'lt;',
  'nbsp;',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00a0',
  '\ufeff',
  '\u2003',
  '\u200c',
  'Bank',
  'of',
  'England',
  'word',
  'می\u200cخواهم',
  'کتاب‌ها',
  '«تهران»',
  '42',
  '.',
  'x',
];

describe('htmlTextInto', () => {
  it('equals htmlToText then slice on random markup', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 80 }),
        (pieces, maxHtml, maxChars) => {
          const html = pieces.join('');
          expect(viaScan(html, maxHtml, maxChars)).toBe(viaRegex(html, maxHtml, maxChars));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('drops script and style blocks, any case', () => {
    const html = '<p>One</p><script type="x">var a = "<b>";</script><STYLE>p{}</Style> two &amp;lt;3';
    expect(viaScan(html, 1000, 1000)).toBe(viaRegex(html, 1000, 1000));
    expect(viaScan(html, 1000, 1000)).toBe('One two <3');
  });

  it('keeps an unclosed script tag as a plain tag', () => {
    const html = 'a <script>b';
    expect(viaScan(html, 1000, 1000)).toBe(viaRegex(html, 1000, 1000));
  });

  it('writes after the given offset', () => {
    const out = new Uint16Array(20);
    const n = htmlTextInto('<b>hi</b>', 100, 10, out, 5);
    expect(n).toBe(7);
    expect(String.fromCharCode(...out.subarray(5, n))).toBe('hi');
  });
});
