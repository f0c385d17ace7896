import type { ContentEvent } from '../publishing/deps.ts';

/** Event types a hook can subscribe to (`*` for all). */
export const WEBHOOK_EVENTS = [
  'article.created',
  'article.updated',
  'article.published',
  'article.unpublished',
  'article.deleted',
  'section.changed',
  'tag.changed',
  'author.changed',
  'curation.changed',
] as const satisfies readonly ContentEvent['type'][];

export function parseWebhookEvents(raw: string): { events: string[]; unknown: string[] } {
  const parts = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const known = (e: string) => e === '*' || (WEBHOOK_EVENTS as readonly string[]).includes(e);
  return { events: parts.filter(known), unknown: parts.filter((e) => !known(e)) };
}
