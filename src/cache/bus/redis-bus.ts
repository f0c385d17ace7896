import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { chunkMessages, parseMessage, Subscribers, type InvalidationBus } from './bus.ts';

export interface RedisBusOptions {
  /** Used to publish; a duplicate connection subscribes (a subscribed connection can do nothing else). */
  client: Redis;
  channel: string;
  onError?: (error: unknown) => void;
}

/** Redis pub/sub: the bus when REDIS_URL is set. ioredis re-subscribes by itself after a reconnect. */
export async function createRedisBus(options: RedisBusOptions): Promise<InvalidationBus> {
  const origin = randomUUID();
  const subscribers = new Subscribers(options.onError);
  const subscriber = options.client.duplicate();
  subscriber.on('error', (error) => options.onError?.(error));
  subscriber.on('message', (channel: string, payload: string) => {
    if (channel !== options.channel) return;
    const keys = parseMessage(payload, origin);
    if (keys && keys.length > 0) subscribers.deliver(keys);
  });
  await subscriber.subscribe(options.channel);
  return {
    kind: 'redis',
    async publish(keys) {
      for (const payload of chunkMessages(origin, keys, 64_000))
        await options.client.publish(options.channel, payload);
    },
    subscribe: (handler) => subscribers.add(handler),
    async close() {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
