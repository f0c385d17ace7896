import { randomUUID } from 'node:crypto';
import type { Repos } from '../db/repositories/index.ts';
import type { Webhook, WebhooksRepo } from '../db/repositories/webhooks.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import { articlePath } from '../web/site/paths.ts';
import { isLanguage } from '../domain/language.ts';
import { signBody } from './sign.ts';

export interface DispatcherOptions {
  hooks: WebhooksRepo;
  repos: Repos;
  baseUrl: string;
  clock: () => Date;
  /** First retry after this, doubling each time (default 10 s: 10 s, 20 s, 40 s ... ~1.4 h in all). */
  baseDelayMs?: number;
  /** Attempts in all, the first included (default 8). */
  maxAttempts?: number;
  /** Deliveries waiting or in flight at most; beyond it new ones are logged as failed, not queued. */
  maxPending?: number;
  timeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
}

interface Delivery {
  id: string;
  hook: Webhook;
  event: string;
  body: string;
}

/**
 * Delivers content events to webhooks: POSTs signed JSON, retries failures (non-2xx, network
 * errors, timeouts) with exponential back-off, and logs every attempt. The queue is in memory and
 * bounded: a restart drops pending retries (the log shows the last attempt as "retrying").
 */
export function createWebhookDispatcher(options: DispatcherOptions) {
  const baseDelay = options.baseDelayMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const maxPending = options.maxPending ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log = options.log ?? (() => {});
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let pending = 0;
  let closed = false;

  async function payloadData(event: ContentEvent): Promise<Record<string, unknown>> {
    const { type: _type, ...fields } = event;
    if (!('articleId' in event)) return fields;
    const article = await options.repos.articles.byId(event.articleId);
    if (!article) return fields;
    const language = isLanguage(article.language) ? article.language : 'en';
    return {
      ...fields,
      article: {
        id: article.id,
        language,
        slug: article.slug,
        headline: article.headline,
        status: article.status,
        publishedAt: article.published_at,
        updatedAt: article.updated_at,
        url: `${options.baseUrl}${articlePath(language, article.slug)}`,
      },
    };
  }

  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  async function attempt(delivery: Delivery, n: number): Promise<void> {
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(delivery.hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Broadsheet-Webhooks/1',
          'x-broadsheet-event': delivery.event,
          'x-broadsheet-delivery': delivery.id,
          'x-broadsheet-signature': signBody(delivery.hook.secret, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const retry = error !== null && n < maxAttempts && !closed;
    await options.hooks
      .logDelivery({
        webhook_id: delivery.hook.id,
        delivery_id: delivery.id,
        event: delivery.event,
        attempt: n,
        status_code: status,
        outcome: error === null ? 'delivered' : retry ? 'retrying' : 'failed',
        error: error?.slice(0, 500) ?? null,
        duration_ms: Date.now() - started,
        at: options.clock().toISOString(),
      })
      .catch((e: unknown) => log('webhook delivery log failed', e));
    if (!retry) {
      pending--;
      return;
    }
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        track(attempt(delivery, n + 1));
      },
      baseDelay * 2 ** (n - 1),
    );
    timer.unref();
    timers.add(timer);
  }

  async function dispatch(event: ContentEvent): Promise<void> {
    const hooks = await options.hooks.subscribedTo(event.type);
    if (hooks.length === 0) return;
    const occurredAt = options.clock().toISOString();
    const data = await payloadData(event);
    for (const hook of hooks) {
      const id = randomUUID();
      const body = JSON.stringify({ id, event: event.type, occurredAt, data });
      if (pending >= maxPending) {
        await options.hooks.logDelivery({
          webhook_id: hook.id,
          delivery_id: id,
          event: event.type,
          attempt: 0,
          status_code: null,
          outcome: 'failed',
          error: 'Delivery queue full',
          duration_ms: 0,
          at: occurredAt,
        });
        continue;
      }
      pending++;
      track(attempt({ id, hook, event: event.type, body }, 1));
    }
  }

  return {
    /** A ContentEvent listener: never throws, never blocks the request that caused the event. */
    onContentEvent(event: ContentEvent): void {
      if (closed) return;
      track(dispatch(event).catch((e: unknown) => log('webhook dispatch failed', e)));
    },
    get pendingCount(): number {
      return pending;
    },
    /** Resolves when nothing is in flight (tests; waits for retries only if they fire meanwhile). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close(): Promise<void> {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
