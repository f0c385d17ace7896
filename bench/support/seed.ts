import type { Composed } from '../../src/compose.ts';
import { seed, type SeedDeps } from '../../src/demo/seed.ts';
import { articlePath, sectionPath } from '../../src/web/site/paths.ts';

export interface BenchSite {
  articles: number;
  /** A typical English article: recent, so its modules are the busy ones. */
  articlePath: string;
  /** The English top-level section with the most articles. */
  sectionPath: string;
}

/**
 * Fills an empty database with `count` generated articles through the bulk seeder
 * (`broadsheet seed`), then curates a "Must read" list so article pages show both modules.
 */
export async function seedBenchSite(deps: Composed, count: number): Promise<BenchSite> {
  await seed(deps as SeedDeps, { articles: count, seed: 7 });
  const db = deps.database.db;
  const now = deps.clock().toISOString();
  const recent = await deps.repos.articles.latest('en', now, { limit: 40 });
  const article = recent[9];
  if (!article) throw new Error('seeding produced too few English articles');
  for (const pick of [recent[20], recent[25], recent[30], recent[35]]) {
    if (pick) await deps.repos.mustRead.add('en', pick.id, null, now);
  }
  deps.events.emit({ type: 'curation.changed', language: 'en' });
  const busiest = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['sections.slug', (eb) => eb.fn.countAll<number>().as('n')])
    .where('articles.language', '=', 'en')
    .where('sections.parent_id', 'is', null)
    .groupBy('sections.slug')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const total = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    articles: Number(total.n),
    articlePath: articlePath('en', article.slug),
    sectionPath: sectionPath('en', busiest.slug),
  };
}
