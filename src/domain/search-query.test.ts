import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatParsedQuery, hasPositiveClause, parseSearchQuery } from './search-query.ts';

describe('parseSearchQuery', () => {
  it('reads terms, "phrases" and -exclusions', () => {
    expect(parseSearchQuery('Climate "Carbon Tax" -opinion -"op ed"')).toEqual({
      terms: ['climate'],
      phrases: [['carbon', 'tax']],
      excluded: [['opinion'], ['op', 'ed']],
    });
  });

  it('closes an unbalanced quote at the end and ignores stray operators', () => {
    expect(parseSearchQuery('"open phrase')).toEqual({
      terms: [],
      phrases: [['open', 'phrase']],
      excluded: [],
    });
    expect(parseSearchQuery('- -- * ( ) : ^')).toEqual({ terms: [], phrases: [], excluded: [] });
    expect(hasPositiveClause(parseSearchQuery('-only'))).toBe(false);
  });

  it('normalises Persian and Arabic variants identically', () => {
    expect(parseSearchQuery('ايران مي‌خواهد ۱۴۰۳')).toEqual(parseSearchQuery('ایران میخواهد 1403'));
  });

  it('turns any input into letters-and-digits words, so no query syntax reaches a database', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const q = parseSearchQuery(s);
        for (const w of [...q.terms, ...q.phrases.flat(), ...q.excluded.flat()])
          expect(w).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
        expect(q.terms.length + q.phrases.length + q.excluded.length).toBeLessThanOrEqual(12 * 64);
        expect(formatParsedQuery(q)).not.toMatch(/[()&|!:*<>\\']/);
      }),
      { numRuns: 500 },
    );
  });
});
