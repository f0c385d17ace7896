import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { chunkMessages, parseMessage, Subscribers, type InvalidationBus } from './bus.ts';

export interface PostgresBusOptions {
  /** Connection string of the database (without the `?schema=` parameter). */
  connectionString: string;
  /** NOTIFY channel: one per site (schema), so sites sharing a database do not hear each other. */
  channel: string;
  /** Sends a NOTIFY through the app's own pool (one round trip, no extra connection). */
  notify(channel: string, payload: string): Promise<void>;
  onError?: (error: unknown) => void;
  /** Called after the listening connection was lost and re-established: messages may have been missed. */
  onReconnect?: () => void;
}

const MAX_PAYLOAD = 7000;

/**
 * PostgreSQL LISTEN/NOTIFY: no extra infrastructure for sites that run several app servers on one
 * PostgreSQL. One dedicated connection listens; publishing uses the pool. A lost listener
 * reconnects with backoff.
 */
export async function createPostgresBus(options: PostgresBusOptions): Promise<InvalidationBus> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.channel))
    throw new Error(`Invalid channel name: ${options.channel}`);
  const origin = randomUUID();
  const onError = options.onError ?? (() => {});
  const subscribers = new Subscribers(onError);
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 100;
  let retryTimer: NodeJS.Timeout | undefined;

  async function listen(): Promise<void> {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel !== options.channel || !message.payload) return;
      const keys = parseMessage(message.payload, origin);
      if (keys && keys.length > 0) subscribers.deliver(keys);
    });
    next.on('error', (error) => {
      onError(error);
      reconnect(next);
    });
    next.on('end', () => reconnect(next));
    await next.connect();
    await next.query(`LISTEN "${options.channel}"`);
    client = next;
    retryMs = 100;
  }

  function reconnect(lost: pg.Client): void {
    if (closed || client !== lost) return;
    client = null;
    lost.end().catch(() => {});
    const attempt = () => {
      if (closed) return;
      listen().then(
        () => options.onReconnect?.(),
        (error: unknown) => {
          onError(error);
          retryMs = Math.min(retryMs * 2, 5000);
          retryTimer = setTimeout(attempt, retryMs);
          retryTimer.unref();
        },
      );
    };
    retryTimer = setTimeout(attempt, retryMs);
    retryTimer.unref();
  }

  await listen();
  return {
    kind: 'postgres',
    async publish(keys) {
      for (const payload of chunkMessages(origin, keys, MAX_PAYLOAD))
        await options.notify(options.channel, payload);
    },
    subscribe: (handler) => subscribers.add(handler),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
