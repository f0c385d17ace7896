import { normalizeForMatch } from './persian-text.ts';

/**
 * A reader's search box input, parsed into normalised words. Every word is letters and digits
 * only, so no input can smuggle operators into FTS5 MATCH or tsquery syntax.
 */
export interface ParsedQuery {
  /** Plain words: every one must match (AND). */
  terms: string[];
  /** "Quoted phrases": words that must appear next to each other, in order. */
  phrases: string[][];
  /** -excluded words or -"phrases": documents containing them are dropped. */
  excluded: string[][];
}

export const MAX_QUERY_LENGTH = 200;
const MAX_CLAUSES = 12;
const MAX_WORD_LENGTH = 64;

// Letters, marks and digits: what both backends' tokenisers keep inside a word.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// A run of combining marks alone is no word to either tokeniser.
const HAS_BASE = /[\p{L}\p{N}]/u;

/** Splits text into normalised words, as documents and queries both are (Persian variants meet). */
export function searchWords(text: string): string[] {
  return (normalizeForMatch(text).match(WORD) ?? [])
    .filter((w) => HAS_BASE.test(w))
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/**
 * Parses `climate "carbon tax" -opinion` style input. Never throws: unbalanced quotes close at
 * the end, stray operators are ignored, and overlong input is cut.
 */
export function parseSearchQuery(raw: string): ParsedQuery {
  const input = String(raw ?? '').slice(0, MAX_QUERY_LENGTH);
  const parsed: ParsedQuery = { terms: [], phrases: [], excluded: [] };
  let clauses = 0;
  // A clause: optional leading '-', then a "quoted run" (closing quote optional) or a bare run.
  const CLAUSE = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;
  for (const m of input.matchAll(CLAUSE)) {
    if (clauses >= MAX_CLAUSES) break;
    const negated = m[1] === '-';
    const quoted = m[2] !== undefined;
    const words = searchWords(quoted ? m[2]! : m[3]!);
    if (words.length === 0) continue;
    clauses++;
    if (negated) parsed.excluded.push(words);
    else if (quoted && words.length > 1) parsed.phrases.push(words);
    else parsed.terms.push(...words);
  }
  parsed.terms = [...new Set(parsed.terms)];
  return parsed;
}

/** True when the query has something to find (exclusions alone match nothing useful). */
export function hasPositiveClause(q: ParsedQuery): boolean {
  return q.terms.length > 0 || q.phrases.length > 0;
}

/** Every word a result should highlight (terms and phrase words, not exclusions). */
export function highlightWords(q: ParsedQuery): string[] {
  return [...new Set([...q.terms, ...q.phrases.flat()])];
}

/** Canonical text form of a parsed query (for display, cache keys and PostgreSQL's websearch syntax). */
export function formatParsedQuery(q: ParsedQuery): string {
  const quote = (words: string[]) => `"${words.join(' ')}"`;
  return [
    ...q.terms.map((t) => quote([t])),
    ...q.phrases.map(quote),
    ...q.excluded.map((words) => `-${quote(words)}`),
  ].join(' ');
}
