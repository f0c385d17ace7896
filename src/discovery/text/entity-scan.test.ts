import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entities } from './analyze.ts';
import { entityOf, scanEntities } from './entity-scan.ts';

function viaScan(text: string): string[] {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  const english: string[] = [];
  const persian: string[] = [];
  scanEntities(codes, 0, codes.length, (start, end, kind) => {
    const name = entityOf(text.slice(start, end), kind);
    if (name !== null) (kind === 0 ? english : persian).push(name);
  });
  return [...new Set([...english, ...persian])];
}

// Capitalised words, connectors, stopwords, apostrophes, every kind of space, guillemets.
const PIECES = [
  'Bank',
  'England',
  'The',
  'In',
  'Zarif',
  "O'Brien",
  'Zarif’s',
  'U.S.',
  'al-Assad',
  'McDonald',
  'of',
  'the',
  'de',
  'al',
  'bin',
  'van',
  'la',
  'other',
  'xBank',
  '_A',
  '9B',
  'Éclair',
  '𝐀',
  '𐐀x',
  ' ',
  '  ',
  '\n',
  '\u00a0',
  '\t',
  '.',
  ',',
  '-',
  "'",
  '«',
  '»',
  'تهران',
  'سازمان ملل',
  'a b c d e f',
];

describe('scanEntities', () => {
  it('finds what entities finds, in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(viaScan(text)).toEqual(entities(text));
      }),
      { numRuns: 10000 },
    );
  });

  it('reads names across the lines of headline, standfirst and body', () => {
    const text =
      'Talks in Vienna\nMohammad Javad Zarif met the Bank of England\nسفر به «تهران» و «سازمان ملل متحد»';
    expect(viaScan(text)).toEqual(entities(text));
    expect(viaScan(text)).toContain('bank of england');
  });
});
