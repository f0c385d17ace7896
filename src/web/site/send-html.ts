import type { FastifyReply } from 'fastify';
import { dep } from '../../cache/keys.ts';
import { cacheable } from '../page-cache.ts';
import type { SafeHtml } from '../views/html.ts';
import type { EditionContext } from './edition.ts';

/**
 * Sends a public page, declaring to the page cache everything it shows: a change to any of
 * these dependency keys (src/cache/keys.ts) invalidates it. Every page carries its edition's
 * frame (navigation, banner), hence `nav:` and `curation:`.
 */
export function sendHtml(
  reply: FastifyReply,
  body: SafeHtml,
  edition: EditionContext,
  keys: Iterable<string>,
  expiries: (string | null | undefined)[] = [],
): FastifyReply {
  const language = edition.language;
  const all = new Set<string>([dep.nav(language), dep.curation(language), ...keys]);
  const { maxAge, staleWhileRevalidate } = freshness(edition.now, [edition.banner?.expiresAt, ...expiries]);
  cacheable(reply, { keys: [...all], maxAge, staleWhileRevalidate });
  if (!reply.hasHeader('cache-control')) {
    reply.header(
      'cache-control',
      `public, max-age=0, s-maxage=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`,
    );
  }
  return reply.type('text/html; charset=utf-8').send(body.value);
}

const MAX_AGE = 60;
const STALE_WHILE_REVALIDATE = 300;

/**
 * How long a page may be served from cache. Something on it that expires by time (the banner,
 * a must-read entry) caps that, with no stale window, so it disappears when its time comes
 * rather than a cache lifetime later.
 */
function freshness(
  now: string,
  expiries: (string | null | undefined)[],
): { maxAge: number; staleWhileRevalidate: number } {
  const nowMs = Date.parse(now);
  let soonest = Infinity;
  for (const e of expiries) if (e && e > now) soonest = Math.min(soonest, (Date.parse(e) - nowMs) / 1000);
  if (soonest > MAX_AGE + STALE_WHILE_REVALIDATE)
    return { maxAge: MAX_AGE, staleWhileRevalidate: STALE_WHILE_REVALIDATE };
  const maxAge = Math.max(0, Math.min(MAX_AGE, Math.floor(soonest)));
  return { maxAge, staleWhileRevalidate: 0 };
}
