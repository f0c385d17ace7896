import type { Composed } from '../../src/compose.ts';
import { createArticle } from '../../src/publishing/create-article.ts';
import { publishArticle } from '../../src/publishing/publish-article.ts';

/** A small site covering what distribution must include and leave out. */
export async function seedDistributionSite(deps: Composed) {
  const now = deps.clock().toISOString();
  const { repos } = deps;
  const politics = await repos.sections.create(
    { language: 'en', slug: 'politics', name: 'Politics', description: 'Power & policy' },
    now,
  );
  const iran = await repos.sections.create(
    { language: 'en', slug: 'iran', name: 'Iran General News', parentId: politics.id },
    now,
  );
  const faPolitics = await repos.sections.create({ language: 'fa', slug: 'سیاست', name: 'سیاست' }, now);
  const elections = await repos.tags.create({ language: 'en', slug: 'elections', name: 'Elections' }, now);
  const faTag = await repos.tags.create({ language: 'fa', slug: 'انتخابات', name: 'انتخابات' }, now);
  const jane = await repos.authors.create(
    { slug: 'jane-doe', name: 'Jane Doe', bio: 'Covers politics.' },
    now,
  );
  const ali = await repos.authors.create({ slug: 'ali-rezaei', name: 'Ali Rezaei' }, now);
  const photo = await repos.media.create(
    {
      storageKey: '2026/11/harbour-ab12',
      originalName: 'harbour.jpg',
      mime: 'image/jpeg',
      width: 1600,
      height: 900,
      bytes: 123456,
      alt: 'A harbour at dawn',
      variants: [
        { width: 800, height: 450, format: 'webp', path: '2026/11/harbour-ab12-800.webp' },
        { width: 1600, height: 900, format: 'webp', path: '2026/11/harbour-ab12-1600.webp' },
        { width: 800, height: 450, format: 'jpeg', path: '2026/11/harbour-ab12-800.jpg' },
        { width: 1600, height: 900, format: 'jpeg', path: '2026/11/harbour-ab12-1600.jpg' },
      ],
    },
    now,
  );

  const lead = await createArticle(deps, {
    language: 'en',
    headline: 'Talks <resume> & "hopes" rise',
    standfirst: 'Negotiators return to the table.',
    bodySource:
      'First paragraph with **bold** & an ampersand.\n\nA tricky ]]> sequence and a [link](/news/other) and ![img](/media/2026/11/x.jpg).',
    sectionId: iran.id,
    tagIds: [elections.id],
    authorIds: [jane.id, ali.id],
    featuredMediaId: photo.id,
    featuredAlt: 'Negotiators at the table',
    status: 'published',
    publishedAt: '2026-11-27T10:00:00.000Z',
  });
  const second = await createArticle(deps, {
    language: 'en',
    headline: 'Markets steady',
    bodySource: 'Calm day.',
    sectionId: politics.id,
    authorIds: [jane.id],
    status: 'published',
    publishedAt: '2026-11-26T09:00:00.000Z',
  });
  const october = await createArticle(deps, {
    language: 'en',
    headline: 'An October story',
    bodySource: 'Older news.',
    sectionId: politics.id,
    tagIds: [elections.id],
    status: 'published',
    publishedAt: '2026-10-05T08:00:00.000Z',
  });
  const syndicated = await createArticle(deps, {
    language: 'en',
    headline: 'Syndicated from a partner',
    bodySource: 'Partner copy.',
    canonicalUrl: 'https://partner.example/story',
    status: 'published',
    publishedAt: '2026-11-27T08:00:00.000Z',
  });
  const persian = await createArticle(deps, {
    language: 'fa',
    headline: 'مذاکرات از سر گرفته شد',
    slug: 'مذاکرات-از-سر-گرفته-شد',
    bodySource: 'متن خبر.',
    sectionId: faPolitics.id,
    tagIds: [faTag.id],
    authorIds: [ali.id],
    status: 'published',
    publishedAt: '2026-11-27T09:00:00.000Z',
  });
  const draft = await createArticle(deps, {
    language: 'en',
    headline: 'Secret draft',
    bodySource: 'Not yet.',
    sectionId: iran.id,
    tagIds: [elections.id],
    authorIds: [jane.id],
  });
  const scheduled = await createArticle(deps, {
    language: 'en',
    headline: 'Scheduled story',
    bodySource: 'Later.',
    sectionId: iran.id,
    tagIds: [elections.id],
    authorIds: [jane.id],
  });
  await publishArticle(deps, { articleId: scheduled.id, at: '2026-11-28T09:00:00.000Z' });
  const embargoed = await createArticle(deps, {
    language: 'en',
    headline: 'Embargoed story',
    bodySource: 'Embargo.',
    sectionId: iran.id,
    tagIds: [elections.id],
    authorIds: [jane.id],
  });
  await publishArticle(deps, { articleId: embargoed.id, embargoUntil: '2026-11-27T18:00:00.000Z' });
  const pulled = await createArticle(deps, {
    language: 'en',
    headline: 'Pulled story',
    bodySource: 'Withdrawn.',
    sectionId: iran.id,
    tagIds: [elections.id],
    authorIds: [jane.id],
    status: 'published',
    publishedAt: '2026-11-27T07:00:00.000Z',
  });
  await repos.articles.update(pulled.id, { status: 'unpublished' });
  await repos.articles.syncListing(pulled.id);

  return {
    sections: { politics, iran, faPolitics },
    tags: { elections, faTag },
    authors: { jane, ali },
    photo,
    articles: { lead, second, october, syndicated, persian, draft, scheduled, embargoed, pulled },
    hiddenHeadlines: ['Secret draft', 'Scheduled story', 'Embargoed story', 'Pulled story'],
  };
}
