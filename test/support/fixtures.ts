import { createArticle } from '../../src/publishing/create-article.ts';
import type { Composed } from '../../src/compose.ts';

export interface SmallSite {
  sectionIds: Record<string, number>;
  authorIds: number[];
  tagIds: number[];
  articleIds: number[];
  persianIds: number[];
}

/**
 * A small but complete site for page tests: a section tree, tags, bylines, 30 English and
 * 6 Persian articles an hour apart (the newest first at `now - 1h`), two translated stories
 * and a must-read list.
 */
export async function createSmallSite(deps: Composed): Promise<SmallSite> {
  const now = deps.clock().toISOString();
  const { repos } = deps;
  const iran = await repos.sections.create(
    { language: 'en', slug: 'iran', name: 'Iran General News', description: 'News from Iran.', position: 1 },
    now,
  );
  const politics = await repos.sections.create(
    { language: 'en', slug: 'politics', name: 'Politics', parentId: iran.id, position: 2 },
    now,
  );
  const world = await repos.sections.create(
    { language: 'en', slug: 'world', name: 'World', position: 3 },
    now,
  );
  const faIran = await repos.sections.create(
    { language: 'fa', slug: 'iran', name: 'اخبار ایران', position: 1 },
    now,
  );
  const tagA = await repos.tags.create({ language: 'en', slug: 'elections', name: 'Elections' }, now);
  const tagB = await repos.tags.create({ language: 'en', slug: 'economy', name: 'Economy' }, now);
  const tagFa = await repos.tags.create({ language: 'fa', slug: 'انتخابات', name: 'انتخابات' }, now);
  const a1 = await repos.authors.create(
    {
      slug: 'sara-ahmadi',
      name: 'Sara Ahmadi',
      bio: 'Sara covers politics.',
      links: [{ label: 'Website', url: 'https://example.org' }],
    },
    now,
  );
  const a2 = await repos.authors.create(
    { slug: 'guest-writer', name: 'Guest Writer', bio: 'A guest contributor.' },
    now,
  );
  const sectionCycle = [iran.id, politics.id, world.id];
  const articleIds: number[] = [];
  const base = deps.clock().getTime();
  for (let i = 0; i < 30; i++) {
    const article = await createArticle(deps, {
      language: 'en',
      headline: `Story number ${i + 1} about ${i % 2 === 0 ? 'elections' : 'the economy'}`,
      standfirst: `Standfirst of story ${i + 1}.`,
      bodySource: `First paragraph of story ${i + 1}.\n\n## A subheading\n\nSecond paragraph with <script>alert(1)</script> removed.\n\n> A quote.`,
      sectionId: sectionCycle[i % 3]!,
      tagIds: [i % 2 === 0 ? tagA.id : tagB.id],
      authorIds: i % 5 === 0 ? [a1.id, a2.id] : [a1.id],
      status: 'published',
      publishedAt: new Date(base - (i + 1) * 3_600_000).toISOString(),
      translationGroup: i < 2 ? `story-${i}` : null,
    });
    articleIds.push(article.id);
  }
  const persianIds: number[] = [];
  for (let i = 0; i < 6; i++) {
    const article = await createArticle(deps, {
      language: 'fa',
      headline: `خبر شماره ${i + 1} دربارهٔ انتخابات`,
      standfirst: `خلاصهٔ خبر ${i + 1}.`,
      bodySource: `بند نخست خبر ${i + 1}.\n\nبند دوم.`,
      sectionId: faIran.id,
      tagIds: [tagFa.id],
      authorIds: [a1.id],
      status: 'published',
      publishedAt: new Date(base - (i + 1) * 3_600_000).toISOString(),
      translationGroup: i < 2 ? `story-${i}` : null,
    });
    persianIds.push(article.id);
  }
  for (const id of [articleIds[10]!, articleIds[3]!, articleIds[20]!])
    await repos.mustRead.add('en', id, null, now);
  await repos.mustRead.add('fa', persianIds[4]!, null, now);
  return {
    sectionIds: { iran: iran.id, politics: politics.id, world: world.id, faIran: faIran.id },
    authorIds: [a1.id, a2.id],
    tagIds: [tagA.id, tagB.id, tagFa.id],
    articleIds,
    persianIds,
  };
}
