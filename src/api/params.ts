import { decodeCursor, type Cursor } from '../domain/cursor.ts';
import { badRequest } from '../domain/errors.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { ARTICLE_FIELDS, DEFAULT_LIST_FIELDS, type ArticleField } from './schemas.ts';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

export type Query = Record<string, unknown>;

const SLUG = /^[\p{L}\p{N}_-]{1,160}$/u;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** A typo in a parameter name silently widening a query is worse than a 400. */
export function onlyKnown(query: Query, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (name !== 'key' && !known.includes(name))
      throw badRequest(`Unknown parameter "${name}"`, { [name]: `Known parameters: ${known.join(', ')}` });
  }
}

export function single(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`Give "${name}" once`, { [name]: 'Give this once' });
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function slugParam(query: Query, name: string): string | undefined {
  const v = single(query, name);
  if (v !== undefined && !SLUG.test(v))
    throw badRequest(`"${name}" is not a valid slug`, { [name]: 'Not a valid slug' });
  return v;
}

export function languageParam(query: Query): Language | undefined {
  const v = single(query, 'language');
  if (v !== undefined && !isLanguage(v))
    throw badRequest('"language" must be en or fa', { language: 'Use en or fa' });
  return v as Language | undefined;
}

/** Limits above the maximum are clamped (clients asking for "all" still get pages); junk is a 400. */
export function limitParam(query: Query): number {
  const v = single(query, 'limit');
  if (v === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1)
    throw badRequest('"limit" must be a whole number from 1', { limit: `Use 1 to ${MAX_LIMIT}` });
  return Math.min(Number(v), MAX_LIMIT);
}

export function cursorParam(query: Query): Cursor | undefined {
  try {
    return decodeCursor(single(query, 'cursor'));
  } catch {
    throw badRequest('Malformed "cursor": pass back the "next" link as given', {
      cursor: 'Malformed cursor',
    });
  }
}

/** A day (YYYY-MM-DD, its start) or an ISO-8601 UTC time, normalised to milliseconds precision. */
export function timeParam(query: Query, name: string): string | undefined {
  const v = single(query, name);
  if (v === undefined) return undefined;
  const iso = DAY.test(v) ? `${v}T00:00:00.000Z` : ISO.test(v) ? v : undefined;
  const ms = iso === undefined ? NaN : Date.parse(iso);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v.slice(0, 10))
    throw badRequest(`"${name}" must be a date like 2026-11-27 or a UTC time like 2026-11-27T09:30:00Z`, {
      [name]: 'Not a date',
    });
  return new Date(ms).toISOString();
}

export function fieldsParam(
  query: Query,
  fallback: readonly ArticleField[] = DEFAULT_LIST_FIELDS,
): ReadonlySet<ArticleField> {
  const v = single(query, 'fields');
  if (v === undefined) return new Set(fallback);
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(ARTICLE_FIELDS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw badRequest(`Unknown field "${unknown[0]}"`, {
      fields: `Known fields: ${ARTICLE_FIELDS.join(', ')}`,
    });
  return new Set<ArticleField>(['id', ...(names as ArticleField[])]);
}

/** Opaque id cursor for lists ordered by id (sections, tags, authors). */
export function encodeIdCursor(id: number): string {
  return Buffer.from(`id|${id}`, 'utf8').toString('base64url');
}

export function idCursorParam(query: Query): number | undefined {
  const v = single(query, 'cursor');
  if (v === undefined) return undefined;
  const m = /^id\|(\d{1,15})$/.exec(
    /^[A-Za-z0-9_-]{1,40}$/.test(v) ? Buffer.from(v, 'base64url').toString('utf8') : '',
  );
  if (!m)
    throw badRequest('Malformed "cursor": pass back the "next" link as given', {
      cursor: 'Malformed cursor',
    });
  return Number(m[1]);
}

/** Rebuilds a list path with its parameters (minus any key: links must not leak credentials). */
export function nextLink(path: string, query: Query, cursor: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (k !== 'key' && k !== 'cursor' && typeof v === 'string') params.set(k, v);
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}
