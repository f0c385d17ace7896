import { badRequest } from '../../domain/errors.ts';
import { isLanguage, type Language } from '../../domain/language.ts';
import { MAX_QUERY_LENGTH } from '../../domain/search-query.ts';
import { MAX_OFFSET, MAX_RESULTS_PER_PAGE } from '../search-index.ts';

/** Search request parameters after validation: slugs still unresolved. */
export interface SearchParams {
  q: string;
  section: string | undefined;
  author: string | undefined;
  tag: string | undefined;
  /** As typed (YYYY-MM-DD or ISO), for echoing into the form. */
  fromInput: string | undefined;
  toInput: string | undefined;
  from: string | undefined;
  to: string | undefined;
  page: number;
  perPage: number;
  language: Language | undefined;
}

const SLUG = /^[\p{L}\p{N}_-]{1,160}$/u;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`Give "${name}" once, as text`, { [name]: 'Give this once' });
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}

function slug(query: Record<string, unknown>, name: string): string | undefined {
  const v = single(query, name);
  if (v !== undefined && !SLUG.test(v))
    throw badRequest(`"${name}" is not a valid slug`, { [name]: 'Not a valid slug' });
  return v;
}

/** YYYY-MM-DD means the whole day: `from` is its first millisecond, `to` its last. */
function date(
  query: Record<string, unknown>,
  name: 'from' | 'to',
): { input: string | undefined; iso: string | undefined } {
  const v = single(query, name);
  if (v === undefined) return { input: undefined, iso: undefined };
  let iso: string | undefined;
  if (DAY.test(v)) iso = `${v}T${name === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
  else if (ISO.test(v)) iso = v;
  const ms = iso === undefined ? NaN : Date.parse(iso);
  // Date.parse rolls 2026-02-30 over into March: a real date reads back the same day.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v.slice(0, 10))
    throw badRequest(`"${name}" must be a date like 2026-11-27`, { [name]: 'Use a date like 2026-11-27' });
  return { input: v, iso: new Date(ms).toISOString() };
}

function positiveInt(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const v = single(query, name);
  if (v === undefined) return fallback;
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1)
    throw badRequest(`"${name}" must be a whole number from 1`, { [name]: 'Use a whole number from 1' });
  return Math.min(Number(v), max);
}

/** Validates the query string of /search and /api/v1/search; bad input is a 400, large pages are clamped. */
export function parseSearchParams(
  raw: unknown,
  options: { language?: Language; api?: boolean } = {},
): SearchParams {
  const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const q = (single(query, 'q') ?? '').slice(0, MAX_QUERY_LENGTH);
  const perPage = options.api ? positiveInt(query, 'limit', 10, MAX_RESULTS_PER_PAGE) : 10;
  const page = positiveInt(query, 'page', 1, Math.floor(MAX_OFFSET / perPage) + 1);
  const from = date(query, 'from');
  const to = date(query, 'to');
  if (from.iso && to.iso && from.iso > to.iso)
    throw badRequest('"from" is after "to"', { from: 'Choose a start before the end' });
  let language = options.language;
  if (options.api) {
    const l = single(query, 'language');
    if (l !== undefined && !isLanguage(l))
      throw badRequest('"language" must be en or fa', { language: 'Use en or fa' });
    language = l as Language | undefined;
  }
  return {
    q,
    section: slug(query, 'section'),
    author: slug(query, 'author'),
    tag: slug(query, 'tag'),
    fromInput: from.input,
    toInput: to.input,
    from: from.iso,
    to: to.iso,
    page,
    perPage,
    language,
  };
}
