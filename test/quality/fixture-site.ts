import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { MediaVariant } from '../../src/db/repositories/media.ts';
import type { Language } from '../../src/domain/language.ts';
import { createArticle } from '../../src/publishing/create-article.ts';
import {
  articlePath,
  authorPath,
  homePath,
  searchPath,
  sectionPath,
  tagPath,
} from '../../src/web/site/paths.ts';
import type { TestApp } from '../support/app.ts';

/** One URL of every public page type, per edition, for the quality gates. */
export interface SitePages {
  home: string;
  section: string;
  subsection: string;
  tag: string;
  author: string;
  article: string;
  search: string;
  notFound: string;
}

export interface FixtureSite {
  en: SitePages;
  fa: SitePages;
}

const EN_PARAGRAPHS = [
  'Officials in the capital said on Tuesday that the talks would continue next week, after a long session that ended without agreement on the main points.',
  'Residents described long queues at petrol stations and bakeries, and shopkeepers said prices had risen sharply since the start of the month.',
  'Analysts cautioned that the figures published so far are incomplete and that a clearer picture is expected only after the regional reports arrive.',
  '"We are asking for transparency, nothing more," one of the organisers said in a telephone interview, adding that the group would publish its own count.',
];

const FA_PARAGRAPHS = [
  'مقام‌های پایتخت روز سه‌شنبه گفتند گفت‌وگوها هفتهٔ آینده ادامه خواهد یافت؛ نشستی طولانی که بدون توافق بر سر نکات اصلی به پایان رسید.',
  'ساکنان از صف‌های طولانی در جایگاه‌های سوخت و نانوایی‌ها خبر دادند و مغازه‌داران گفتند قیمت‌ها از آغاز ماه به شدت افزایش یافته است.',
  'تحلیلگران هشدار دادند که آمار منتشرشده تاکنون ناقص است و تصویر روشن‌تر تنها پس از رسیدن گزارش‌های منطقه‌ای به دست خواهد آمد.',
];

const EN_HEADLINES = [
  'Talks on water rights resume as drought deepens in the south',
  'Teachers rally for back pay in three provinces',
  'Currency slides to a new low after central bank statement',
  'Court hears appeal in case of detained journalist',
  'Tehran air quality prompts school closures for a second day',
  'Farmers say new irrigation rules arrived too late for this season',
  'Parliament debates internet bill as critics warn of new filters',
  'Earthquake of magnitude 5.1 shakes villages near Kerman',
  'Retirees protest pension delays outside the labour ministry',
  'Football federation names new coach ahead of qualifiers',
];

const FA_HEADLINES = [
  'گفت‌وگوها دربارهٔ حقابه با تشدید خشکسالی در جنوب از سر گرفته شد',
  'معلمان در سه استان برای دریافت حقوق معوق تجمع کردند',
  'ارزش پول ملی پس از بیانیهٔ بانک مرکزی به پایین‌ترین سطح رسید',
  'دادگاه درخواست تجدیدنظر در پروندهٔ روزنامه‌نگار بازداشتی را بررسی کرد',
  'آلودگی هوای تهران برای دومین روز به تعطیلی مدارس انجامید',
];

/** Writes a small generated picture in three JPEG widths under the media root. */
async function makeImage(
  dataDir: string,
  key: string,
  hue: number,
): Promise<{ width: number; height: number; bytes: number; variants: MediaVariant[] }> {
  const dir = join(dataDir, 'media', 'fixture');
  mkdirSync(dir, { recursive: true });
  const widths = [400, 800, 1200];
  const variants: MediaVariant[] = [];
  let bytes = 0;
  const [r, g, b] = [(hue * 37) % 200, (hue * 91) % 200, (hue * 53) % 200];
  for (const width of widths) {
    const height = Math.round((width * 9) / 16);
    const path = `fixture/${key}-${width}.jpg`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(${r},${g},${b})"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="rgb(${255 - r},${255 - g},${255 - b})"/></svg>`;
    const info = await sharp(Buffer.from(svg))
      .jpeg({ quality: 70 })
      .toFile(join(dataDir, 'media', path));
    bytes = info.size;
    variants.push({ width, height, format: 'jpeg', path });
  }
  return { width: 1200, height: 675, bytes, variants };
}

/**
 * A small but complete newsroom for the quality gates: both editions, a section with a
 * subsection, tags, bylines with bios, featured images, a translated story and a must-read list.
 * Enough for every page type and every article-page module to render with real content.
 */
export async function createFixtureSite(testApp: TestApp): Promise<FixtureSite> {
  const { deps, dataDir } = testApp;
  const { repos } = deps;
  const now = deps.clock().toISOString();
  const minutesAgo = (m: number) => new Date(deps.clock().getTime() - m * 60_000).toISOString();

  const images = [];
  for (let i = 0; i < 4; i++) {
    const image = await makeImage(dataDir, `picture-${i}`, i + 1);
    images.push(
      await repos.media.create(
        {
          storageKey: `fixture/picture-${i}`,
          originalName: `picture-${i}.jpg`,
          mime: 'image/jpeg',
          width: image.width,
          height: image.height,
          bytes: image.bytes,
          alt: 'A generated abstract picture',
          caption: 'A generated picture used by the test newsroom.',
          credit: 'Broadsheet',
          variants: image.variants,
        },
        now,
      ),
    );
  }

  const authorA = await repos.authors.create(
    {
      slug: 'maryam-rahimi',
      name: 'Maryam Rahimi',
      bio: 'Maryam Rahimi covers economy and labour from Tehran.',
      photoMediaId: images[0]!.id,
      links: [{ label: 'Website', url: 'https://example.org/maryam' }],
    },
    now,
  );
  const authorB = await repos.authors.create(
    { slug: 'daniel-hart', name: 'Daniel Hart', bio: 'Daniel Hart is a guest contributor.' },
    now,
  );

  const sections = {} as Record<Language, { top: number; topSlug: string; sub: number; subSlug: string }>;
  const tags = {} as Record<Language, { ids: number[]; slug: string }>;
  for (const language of ['en', 'fa'] as const) {
    const fa = language === 'fa';
    const top = await repos.sections.create(
      {
        language,
        slug: fa ? 'iran' : 'iran-general-news',
        name: fa ? 'اخبار ایران' : 'Iran General News',
        description: fa ? 'خبرهای روز ایران' : 'News from across Iran.',
        position: 1,
      },
      now,
    );
    const sub = await repos.sections.create(
      {
        language,
        slug: fa ? 'economy' : 'economy',
        name: fa ? 'اقتصاد' : 'Economy',
        description: fa ? 'اقتصاد و بازار' : 'Prices, jobs and markets.',
        parentId: top.id,
        position: 2,
      },
      now,
    );
    await repos.sections.create({ language, slug: 'world', name: fa ? 'جهان' : 'World', position: 3 }, now);
    sections[language] = { top: top.id, topSlug: top.slug, sub: sub.id, subSlug: sub.slug };
    const t1 = await repos.tags.create({ language, slug: 'drought', name: fa ? 'خشکسالی' : 'Drought' }, now);
    const t2 = await repos.tags.create(
      { language, slug: 'labour', name: fa ? 'کار و کارگر' : 'Labour' },
      now,
    );
    tags[language] = { ids: [t1.id, t2.id], slug: t1.slug };
  }

  const articleSlugs = {} as Record<Language, string[]>;
  const articleIds = {} as Record<Language, number[]>;
  for (const language of ['en', 'fa'] as const) {
    const headlines = language === 'fa' ? FA_HEADLINES : EN_HEADLINES;
    const paragraphs = language === 'fa' ? FA_PARAGRAPHS : EN_PARAGRAPHS;
    articleSlugs[language] = [];
    articleIds[language] = [];
    for (const [i, headline] of headlines.entries()) {
      const body = [
        ...paragraphs.slice(i % 2),
        // Quotes, lists and links exercise the sanitised body markup.
        ...(i === 0
          ? [
              `> ${paragraphs[3 % paragraphs.length]!}`,
              '- one\n- two\n- three',
              '[Report](https://example.org/report)',
            ]
          : []),
        language === 'fa' ? '## پیشینه' : '## Background',
        ...paragraphs.slice(0, 2),
      ].join('\n\n');
      const article = await createArticle(deps, {
        language,
        headline,
        standfirst: paragraphs[(i + 1) % paragraphs.length]!,
        bodySource: body,
        slug: language === 'fa' ? `story-${i + 1}` : undefined,
        sectionId: i % 3 === 0 ? sections[language].sub : sections[language].top,
        tagIds: i % 2 === 0 ? tags[language].ids : [tags[language].ids[1]!],
        authorIds: i % 4 === 0 ? [authorA.id, authorB.id] : [authorA.id],
        featuredMediaId: i < 6 ? images[i % images.length]!.id : null,
        featuredAlt: i < 6 ? (language === 'fa' ? 'تصویری انتزاعی' : 'An abstract generated picture') : '',
        featuredCaption: i < 6 ? (language === 'fa' ? 'تصویر نمونه' : 'A sample picture') : '',
        featuredCredit: i < 6 ? 'Broadsheet' : '',
        translationGroup: i === 0 ? 'water-talks' : null,
        status: 'published',
        publishedAt: minutesAgo(30 + i * 90),
      });
      await repos.articles.syncListing(article.id);
      if (i === 0) {
        const fa = language === 'fa';
        await repos.articles.addNote(
          article.id,
          'update',
          fa ? 'این گزارش به‌روز شد.' : 'This story was updated with the ministry statement.',
          minutesAgo(10),
        );
        await repos.articles.addNote(
          article.id,
          'correction',
          fa ? 'نام استان اصلاح شد.' : 'An earlier version misnamed the province.',
          minutesAgo(5),
        );
        await repos.articles.update(article.id, { updated_at: minutesAgo(5) });
      }
      articleSlugs[language].push(article.slug);
      articleIds[language].push(article.id);
    }
    // Curated list: two stories, one with an expiry in the future.
    await repos.mustRead.add(language, articleIds[language][2]!, null, now);
    await repos.mustRead.add(language, articleIds[language][3]!, minutesAgo(-7 * 24 * 60), now);
  }

  const pages = (language: Language): SitePages => ({
    home: homePath(language),
    section: sectionPath(language, sections[language].topSlug),
    subsection: sectionPath(language, sections[language].subSlug),
    tag: tagPath(language, tags[language].slug),
    author: authorPath(language, authorA.slug),
    // The first story has a translation and a featured image: the richest article page.
    article: articlePath(language, articleSlugs[language][0]!),
    search: `${searchPath(language)}?q=${encodeURIComponent(language === 'fa' ? 'خشکسالی' : 'drought')}`,
    notFound: `${homePath(language)}no-such-page-${language}`,
  });
  return { en: pages('en'), fa: pages('fa') };
}
