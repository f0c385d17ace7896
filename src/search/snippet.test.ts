import fc from 'fast-check';
import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../domain/persian-text.ts';
import { makeSnippet, snippetHasMatch, type SnippetSegment } from './snippet.ts';

/** The plain version makeSnippet was optimised from (a token object per word, no key cache). */
function reference(fullText: string, words: readonly string[], maxWords = 30): SnippetSegment[] {
  const key = (w: string) => {
    const n = normalizeForMatch(w);
    return /^[a-z]+$/.test(n) ? stemmer(n) : n;
  };
  const text = fullText.slice(0, 8_000);
  const keys = new Set(words.map(key));
  const tokens = [...text.matchAll(/[\p{L}\p{M}\p{N}\u200c\u200d]+/gu)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    hit: keys.has(key(m[0])),
  }));
  if (tokens.length === 0) return [];
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.hit) hits++;
    if (i >= maxWords && tokens[i - maxWords]!.hit) hits--;
    if (hits > bestHits) [bestHits, best] = [hits, Math.max(0, i - maxWords + 1)];
  }
  const firstHit = tokens.slice(best, best + maxWords).findIndex((t) => t.hit);
  if (firstHit > 5) best = Math.min(best + firstHit - 3, Math.max(0, tokens.length - maxWords));
  const window = tokens.slice(best, best + maxWords);
  const out: SnippetSegment[] = [];
  const push = (s: string, match: boolean) => {
    const last = out[out.length - 1];
    if (!s) return;
    if (last && last.match === match && !match) last.text += s;
    else out.push({ text: s, match });
  };
  if (best > 0) push('… ', false);
  let cursor = window[0]!.start;
  for (const t of window) {
    push(text.slice(cursor, t.start), false);
    push(text.slice(t.start, t.end), t.hit);
    cursor = t.end;
  }
  if (best + maxWords < tokens.length) push(' …', false);
  else push(text.slice(window[window.length - 1]!.end).slice(0, 3), false);
  return out;
}

describe('makeSnippet', () => {
  it('flags stemmed and normalised matches in the original spelling', () => {
    const s = makeSnippet('Thousands were Running through the old city.', ['run']);
    expect(s.filter((x) => x.match).map((x) => x.text)).toEqual(['Running']);
    const fa = makeSnippet('رئيس‌جمهور گفت', ['رییسجمهور']);
    expect(snippetHasMatch(fa)).toBe(true);
  });

  it('picks the passage with the most query words', () => {
    const filler = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const text = `${filler} carbon levy and carbon tax together ${filler}`;
    const s = makeSnippet(text, ['carbon', 'tax']);
    expect(s.filter((x) => x.match).map((x) => x.text)).toEqual(['carbon', 'carbon', 'tax']);
    expect(s[0]!.text.startsWith('… ')).toBe(true);
  });

  it('gives the same snippets as the plain version on any text', () => {
    const vocabulary = ['tax', 'taxes', 'Carbon', 'run', 'running', 'ايران', 'ایران', '۱۴۰۳', '1403', 'x'];
    const word = fc.oneof(fc.constantFrom(...vocabulary), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 200 }),
        fc.array(fc.constantFrom(' ', '. ', ', ', '\n', ' — '), { minLength: 1 }),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        (words, gaps, query, maxWords) => {
          const text = words.map((w, i) => w + gaps[i % gaps.length]).join('');
          const q = query.map((w) => normalizeForMatch(w));
          expect(makeSnippet(text, q, maxWords)).toEqual(reference(text, q, maxWords));
        },
      ),
      { numRuns: 400 },
    );
  });
});
