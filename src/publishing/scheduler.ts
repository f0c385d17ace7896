import { createRepos } from '../db/repositories/index.ts';
import type { PublishingDeps } from './deps.ts';
import { SYSTEM } from './revision.ts';
import { applyStatus } from './transition.ts';

export interface SchedulerRun {
  /** False when another server (or run) held the lock, so this one did nothing. */
  ran: boolean;
  published: number[];
  unpublished: number[];
}

export interface Scheduler {
  /** Acts on everything due at the clock's now: scheduled publishes, embargo lifts, scheduled unpublishes. */
  runOnce(): Promise<SchedulerRun>;
  /** Runs once shortly after start (catching up on times missed while down), then every interval. */
  start(): void;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  intervalMs?: number;
  /** Delay before the catch-up run at start, so every feature has wired its indexers in. */
  startDelayMs?: number;
  onError?: (error: unknown) => void;
  /** Most articles acted on per run; the rest are picked up by the next run. */
  batch?: number;
}

const LOCK = 'broadsheet:scheduler';

/**
 * The publishing scheduler. Exactly once across app servers: each run holds the database's
 * exclusive lock (an advisory lock on PostgreSQL, the single process on SQLite), and each change
 * is also guarded by the article's version, so a row is acted on once even if two runs overlap.
 */
export function createScheduler(deps: PublishingDeps, options: SchedulerOptions = {}): Scheduler {
  const intervalMs = options.intervalMs ?? 30_000;
  const batch = options.batch ?? 500;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function runOnce(): Promise<SchedulerRun> {
    const result = await deps.database.withExclusiveLock(LOCK, async () => {
      const now = deps.clock().toISOString();
      const db = deps.database.db;
      const duePublish = await db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'scheduled')
        .where('published_at', '<=', now)
        .orderBy('published_at')
        .limit(batch)
        .execute();
      const dueUnpublish = await db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'published')
        .where('unpublish_at', 'is not', null)
        .where('unpublish_at', '<=', now)
        .orderBy('unpublish_at')
        .limit(batch)
        .execute();
      const published: number[] = [];
      const unpublished: number[] = [];
      for (const { id } of duePublish) {
        const article = await db.transaction().execute(async (trx) => {
          const current = await createRepos(trx).articles.byId(id);
          // Re-checked inside the transaction: an editor may have unscheduled it meanwhile.
          if (
            !current ||
            current.status !== 'scheduled' ||
            !current.published_at ||
            current.published_at > now
          )
            return null;
          // An unpublish time already passed too (down for long): it goes straight to unpublished.
          const alsoDown = current.unpublish_at !== null && current.unpublish_at <= now;
          return applyStatus(
            trx,
            deps,
            current,
            alsoDown ? { status: 'unpublished', unpublish_at: null } : { status: 'published' },
            SYSTEM,
            current.embargo_until ? 'embargo-lifted' : 'scheduled-publish',
            now,
          );
        });
        if (article) {
          published.push(article.id);
          deps.events.emit({
            type: article.status === 'published' ? 'article.published' : 'article.unpublished',
            articleId: article.id,
            language: article.language,
          });
        }
      }
      for (const { id } of dueUnpublish) {
        const article = await db.transaction().execute(async (trx) => {
          const current = await createRepos(trx).articles.byId(id);
          if (
            !current ||
            current.status !== 'published' ||
            !current.unpublish_at ||
            current.unpublish_at > now
          )
            return null;
          return applyStatus(
            trx,
            deps,
            current,
            { status: 'unpublished', unpublish_at: null },
            SYSTEM,
            'scheduled-unpublish',
            now,
          );
        });
        if (article) {
          unpublished.push(article.id);
          deps.events.emit({
            type: 'article.unpublished',
            articleId: article.id,
            language: article.language,
          });
        }
      }
      return { published, unpublished };
    });
    return result.acquired ? { ran: true, ...result.value } : { ran: false, published: [], unpublished: [] };
  }

  function tick(): void {
    if (stopped) return;
    running = runOnce()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        }
      });
  }

  return {
    runOnce,
    start() {
      stopped = false;
      timer = setTimeout(tick, options.startDelayMs ?? 1000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
