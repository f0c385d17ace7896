import type { Composed } from '../../src/compose.ts';
import { createDemoSite } from '../../src/demo/demo-site.ts';
import { articlePath, sectionPath } from '../../src/web/site/paths.ts';

export interface BenchSite {
  articles: number;
  /** A typical English article: recent, so its modules are the busy ones. */
  articlePath: string;
  /** The English top-level section with the most articles. */
  sectionPath: string;
}

/** Fills an empty database with `count` generated articles (nine English to one Persian). */
export async function seedBenchSite(deps: Composed, count: number): Promise<BenchSite> {
  const persian = Math.max(1, Math.round(count / 10));
  await createDemoSite(deps, {
    seed: 7,
    englishArticles: count - persian,
    persianArticles: persian,
    translations: Math.min(200, persian),
    images: 24,
    days: Math.max(60, Math.round(count / 25)),
  });
  const db = deps.database.db;
  const now = deps.clock().toISOString();
  const recent = await deps.repos.articles.latest('en', now, { limit: 10 });
  const article = recent[recent.length - 1];
  if (!article) throw new Error('seeding produced no English articles');
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
