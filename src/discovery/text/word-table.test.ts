import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawWords } from './analyze.ts';
import { WordTable } from './word-table.ts';

function words(table: WordTable, text: string): string[] {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  const out = new Int32Array((text.length >> 1) + 2);
  const n = table.scan(codes, 0, codes.length, out, 0);
  const found: string[] = [];
  for (let w = 0; w < n; w++) {
    const e = out[w]!;
    found.push(String.fromCharCode(...table.ids.subarray(table.idStart[e]!, table.idStart[e + 1]!)));
  }
  return found;
}

describe('WordTable', () => {
  // The "terms" of a raw word are its code units, so the test sees exactly which word it found.
  const toIds = (raw: string) => Array.from(raw, (_, i) => raw.charCodeAt(i));

  it('finds the raw words rawWords finds, and each distinct word once', () => {
    let made = 0;
    const table = new WordTable((raw) => {
      made++;
      return toIds(raw);
    });
    const text = 'Iran, iran and Iran: می\u200cخواهم کتاب‌ها 42 — Iran';
    const expected: string[] = [];
    rawWords(text, (raw) => expected.push(raw));
    expect(words(table, text)).toEqual(expected);
    expect(made).toBe(new Set(expected).size);
    expect(words(table, text)).toEqual(expected);
    expect(made).toBe(new Set(expected).size);
  });

  it('agrees with rawWords on random text, across rehashing and starting afresh', () => {
    const table = new WordTable(toIds, 50);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'ab', 'ک', 'ی', '\u200c', ' ', '.', '1', 'é'), { maxLength: 80 }),
        (parts) => {
          const text = parts.join('');
          const expected: string[] = [];
          rawWords(text, (raw) => expected.push(raw));
          expect(words(table, text)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
