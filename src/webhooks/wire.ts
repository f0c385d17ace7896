import type { Repos } from '../db/repositories/index.ts';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import { createWebhooksRepo } from '../db/repositories/webhooks.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from './dispatcher.ts';

/** Subscribes webhook delivery to content events. WEBHOOK_RETRY_BASE_MS sets the first back-off. */
export function wireWebhooks(options: {
  database: DialectAdapter;
  repos: Repos;
  baseUrl: string;
  clock: () => Date;
  listeners: ((event: ContentEvent) => void)[];
  closers: (() => Promise<void>)[];
  env?: NodeJS.ProcessEnv;
}): WebhookDispatcher {
  const base = Number(options.env?.WEBHOOK_RETRY_BASE_MS ?? '');
  const dispatcher = createWebhookDispatcher({
    hooks: createWebhooksRepo(options.database.db),
    repos: options.repos,
    baseUrl: options.baseUrl,
    clock: options.clock,
    ...(Number.isInteger(base) && base > 0 ? { baseDelayMs: base } : {}),
    log: (message, error) => console.warn(message, error),
  });
  options.listeners.push((event) => dispatcher.onContentEvent(event));
  options.closers.push(() => dispatcher.close());
  return dispatcher;
}
