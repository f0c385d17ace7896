import type { DialectAdapter } from '../../db/dialect-adapter.ts';
import type { ArticleIndexer, ContentEventSink } from '../../publishing/deps.ts';
import { createScheduler } from '../../publishing/scheduler.ts';
import type { RouteRegistrar } from '../deps.ts';
import { registerEditorialRoutes } from './editorial-routes.ts';

export interface EditorialWiring {
  database: DialectAdapter;
  clock: () => Date;
  /** The composition root's live list: indexers wired after this call are still used. */
  indexers: ArticleIndexer[];
  events: ContentEventSink;
  routes: RouteRegistrar[];
  closers: (() => Promise<void>)[];
  scheduler: 'auto' | 'manual';
}

/** Wires the editorial newsroom pages and, unless tests drive it, the publishing scheduler. */
export function wireEditorial(w: EditorialWiring): void {
  w.routes.push(registerEditorialRoutes);
  if (w.scheduler === 'auto') {
    const scheduler = createScheduler(
      { database: w.database, clock: w.clock, indexers: w.indexers, events: w.events },
      { onError: (error) => console.error('scheduler run failed', error) },
    );
    scheduler.start();
    w.closers.push(() => scheduler.stop());
  }
}
