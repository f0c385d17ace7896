import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import type { InvalidationBus } from './bus/bus.ts';
import type { Cache } from './cache.ts';
import { dependencyKeys, immediateKeys } from './invalidation.ts';
import type { Purger } from './purge.ts';

export interface Invalidator {
  /** A content event from this server: invalidate here, tell the other servers and the CDN. */
  onEvent(event: ContentEvent): void;
  /** Keys from another server (the bus): invalidate here only. */
  onRemote(keys: readonly string[]): void;
  /** Resolves when every invalidation started so far is done (tests, shutdown). */
  settled(): Promise<void>;
  /** True while some invalidation is still looking up or dropping its keys. */
  readonly busy: boolean;
}

export interface InvalidatorDeps {
  db: Kysely<DB>;
  cache: Cache;
  bus: InvalidationBus;
  purger?: Purger | null;
  onError?: (error: unknown) => void;
}

export function createInvalidator(deps: InvalidatorDeps): Invalidator {
  const pending = new Set<Promise<unknown>>();
  const onError = deps.onError ?? (() => {});
  const track = (p: Promise<unknown>) => {
    const tracked = p.catch(onError).finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  return {
    onEvent(event) {
      // The memory store drops these synchronously: the next request on this server sees the change.
      const first = immediateKeys(event);
      track(deps.cache.invalidate(first));
      track(
        dependencyKeys(deps.db, event).then(async (all) => {
          const rest = all.filter((k) => !first.includes(k));
          if (rest.length > 0) await deps.cache.invalidate(rest);
          deps.purger?.purge(all);
          await deps.bus.publish(all);
        }),
      );
    },
    onRemote(keys) {
      track(deps.cache.invalidate(keys));
    },
    get busy() {
      return pending.size > 0;
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
