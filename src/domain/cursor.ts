import { badRequest } from './errors.ts';

/**
 * Keyset cursor for lists ordered by (published_at desc, id desc): no OFFSET scans, so the
 * millionth page costs the same as the first.
 */
export interface Cursor {
  publishedAt: string;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.publishedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from a query string; anything malformed is a 400, never a 500. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > 100 || !/^[A-Za-z0-9_-]+$/.test(value)) throw badRequest('Malformed page cursor');
  const text = Buffer.from(value, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,15})$/.exec(text);
  if (!match || Number.isNaN(Date.parse(match[1]!))) throw badRequest('Malformed page cursor');
  return { publishedAt: match[1]!, id: Number(match[2]) };
}
