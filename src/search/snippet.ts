import { stemmer } from 'stemmer';
import { normalizeForMatch } from '../domain/persian-text.ts';

/** A piece of snippet text; `match` pieces are the reader's words (shown with <mark>). */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

const MAX_SCAN = 8_000;
const TOKEN = /[\p{L}\p{M}\p{N}\u200c\u200d]+/gu;

/** Matching key of one word: normalised (Persian variants meet) and English-stemmed. */
function wordKey(word: string): string {
  const n = normalizeForMatch(word);
  return /^[a-z]+$/.test(n) ? stemmer(n) : n;
}

// Keys of words as they appear in articles, shared by every query: a page of ten hits scans about
// 10,000 words, and normalising and stemming each afresh was most of a search request's CPU time.
// News vocabulary repeats, so a bounded map (emptied when full) hits almost always.
const KEY_CACHE_LIMIT = 50_000;
const keyCache = new Map<string, string>();
function cachedKey(word: string): string {
  let key = keyCache.get(word);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = wordKey(word);
    keyCache.set(word, key);
  }
  return key;
}

/**
 * Picks the passage of `text` (about `maxWords` words) with the most query words, and flags them.
 * Works on the original text, so the reader sees the article's own spelling and case; matching
 * uses the same normalisation and stemming idea as the index.
 */
export function makeSnippet(fullText: string, words: readonly string[], maxWords = 30): SnippetSegment[] {
  // Long bodies: the best passage is almost always early; this bounds the cost per hit.
  const text = fullText.length > MAX_SCAN ? fullText.slice(0, MAX_SCAN) : fullText;
  const keys = new Set(words.map(wordKey));
  // Token bounds and hits in flat arrays: no object per word.
  const starts: number[] = [];
  const ends: number[] = [];
  const hit: boolean[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    hit.push(keys.has(cachedKey(m[0])));
  }
  const count = starts.length;
  if (count === 0) return [];
  // Sliding window with the most hits; ties go to the earliest.
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < count; i++) {
    if (hit[i]) hits++;
    if (i >= maxWords && hit[i - maxWords]) hits--;
    const start = Math.max(0, i - maxWords + 1);
    if (hits > bestHits) {
      bestHits = hits;
      best = start;
    }
  }
  // Start a little before the first hit so it reads in context.
  const firstHit = hit.slice(best, best + maxWords).indexOf(true);
  if (firstHit > 5) best = Math.min(best + firstHit - 3, Math.max(0, count - maxWords));
  const window: { start: number; end: number; hit: boolean }[] = [];
  for (let i = best; i < Math.min(count, best + maxWords); i++)
    window.push({ start: starts[i]!, end: ends[i]!, hit: hit[i]! });
  const segments: SnippetSegment[] = [];
  const push = (s: string, match: boolean) => {
    if (!s) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match && !match) last.text += s;
    else segments.push({ text: s, match });
  };
  if (best > 0) push('… ', false);
  let cursor = window[0]!.start;
  for (const t of window) {
    push(text.slice(cursor, t.start), false);
    push(text.slice(t.start, t.end), t.hit);
    cursor = t.end;
  }
  const lastToken = window[window.length - 1]!;
  if (best + maxWords < count) push(' …', false);
  else push(text.slice(lastToken.end).slice(0, 3), false);
  return segments;
}

/** True when a snippet shows at least one of the reader's words. */
export function snippetHasMatch(segments: readonly SnippetSegment[]): boolean {
  return segments.some((s) => s.match);
}
