import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface ConditionalBody {
  body: string;
  contentType: string;
  /** ISO time of the newest change in the document, for Last-Modified. */
  lastModified: string | null;
  /** Seconds shared caches and readers may reuse it. */
  maxAge?: number;
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Sends a generated document with ETag and Last-Modified and answers 304 when the client's copy
 * is current. If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
 */
export function sendConditional(
  req: FastifyRequest,
  reply: FastifyReply,
  doc: ConditionalBody,
): FastifyReply {
  const etag = etagOf(doc.body);
  reply.header('etag', etag);
  reply.header('cache-control', `public, max-age=${doc.maxAge ?? 300}`);
  reply.header('vary', 'Accept-Encoding');
  const lastModified = doc.lastModified ? new Date(doc.lastModified) : null;
  if (lastModified) reply.header('last-modified', lastModified.toUTCString());
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  let notModified = false;
  if (typeof inm === 'string') {
    notModified = inm.trim() === '*' || inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  } else if (typeof ims === 'string' && lastModified) {
    const since = Date.parse(ims);
    notModified =
      !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  if (notModified) return reply.status(304).send();
  return reply.type(doc.contentType).send(doc.body);
}
