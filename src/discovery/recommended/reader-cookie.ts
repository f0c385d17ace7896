import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The reader's recent history, kept only in their browser: a signed cookie holding the last
 * article ids and the time of the last view (to tell one reading session from the next).
 * The server keeps no profile; a cookie whose signature does not verify is ignored.
 */
export const READER_COOKIE = 'bs_history';
export const HISTORY_SIZE = 20;
const MAX_AGE_S = 180 * 86_400;

export interface ReaderHistory {
  /** Oldest first, most recent last; no repeats. */
  ids: number[];
  /** Epoch ms of the last counted view, or 0. */
  lastSeen: number;
}

export const EMPTY_HISTORY: ReaderHistory = { ids: [], lastSeen: 0 };

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 27);
}

/** `ids.lastSeen.sig`, ids base-36 joined by `-`: compact and cookie-safe without escaping. */
export function encodeHistory(secret: string, history: ReaderHistory): string {
  const payload = `${history.ids.map((id) => id.toString(36)).join('-')}.${Math.floor(history.lastSeen / 1000).toString(36)}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function decodeHistory(secret: string, value: string | undefined): ReaderHistory {
  if (!value || value.length > 600) return EMPTY_HISTORY;
  const parts = value.split('.');
  if (parts.length !== 3) return EMPTY_HISTORY;
  const [ids, seen, sig] = parts as [string, string, string];
  const expected = Buffer.from(sign(secret, `${ids}.${seen}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return EMPTY_HISTORY;
  const list = ids === '' ? [] : ids.split('-').map((s) => parseInt(s, 36));
  if (list.some((n) => !Number.isSafeInteger(n) || n <= 0)) return EMPTY_HISTORY;
  const lastSeen = parseInt(seen, 36) * 1000;
  return { ids: [...new Set(list)].slice(-HISTORY_SIZE), lastSeen: Number.isFinite(lastSeen) ? lastSeen : 0 };
}

/** The history after reading `articleId` at `now`. */
export function withView(history: ReaderHistory, articleId: number, now: number): ReaderHistory {
  const ids = history.ids.filter((id) => id !== articleId);
  ids.push(articleId);
  return { ids: ids.slice(-HISTORY_SIZE), lastSeen: now };
}

/** Reads one cookie from a Cookie header without a parser dependency. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const raw = Array.isArray(header) ? header.join('; ') : header;
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header value: first-party, HttpOnly, Lax; Secure on an https site. */
export function historyCookieHeader(value: string, secure: boolean): string {
  return `${READER_COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
