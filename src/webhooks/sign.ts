import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `X-Broadsheet-Signature` value: HMAC-SHA256 of the exact request body with the hook's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What receivers do (and what tests do): compare in constant time. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}
