import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Repos } from '../db/repositories/index.ts';
import type { Language } from '../domain/language.ts';
import { createLocalMediaStorage, mediaRoot, type MediaStorage } from '../media/storage.ts';
import { createArticle } from '../publishing/create-article.ts';
import type { PublishingDeps } from '../publishing/deps.ts';
import { BEATS, CORRECTION_NOTES, UPDATE_NOTES, type Beat } from './beats.ts';
import { createDemoImages, type DemoImage } from './demo-images.ts';
import { Rng } from './prng.ts';
import { ensureDemoTaxonomy, type DemoTaxonomy } from './taxonomy.ts';
import { tellStory, type StoryPlan } from './writer.ts';

export interface DemoDeps extends PublishingDeps {
  repos: Repos;
  config: { dataDir: string };
  /** Where images go; the local media root of DATA_DIR when absent. */
  storage?: MediaStorage;
}

export interface DemoOptions {
  seed?: number;
  englishArticles?: number;
  persianArticles?: number;
  /** How many of the Persian articles are translations of English ones. */
  translations?: number;
  images?: number;
  days?: number;
}

export interface DemoSummary {
  articles: { en: number; fa: number };
  translations: number;
  images: number;
  sections: number;
  authors: number;
  milliseconds: number;
}

/** How often each beat comes up: a political news site leans on politics and the economy. */
const BEAT_WEIGHTS: Record<string, number> = {
  politics: 5,
  economy: 5,
  society: 4,
  'middle-east': 4,
  world: 3,
  business: 3,
  opinion: 2,
  culture: 2,
  'science-tech': 2,
};

export function pickBeat(rng: Rng, beats: readonly Beat[]): Beat {
  const total = beats.reduce((sum, b) => sum + (BEAT_WEIGHTS[b.key] ?? 1), 0);
  let roll = rng.float() * total;
  for (const beat of beats) {
    roll -= BEAT_WEIGHTS[beat.key] ?? 1;
    if (roll < 0) return beat;
  }
  return beats[beats.length - 1]!;
}

/** Publication times, newest first: the newest a few minutes ago, spread over `days`. */
export function publicationTimes(rng: Rng, count: number, now: Date, days: number): Date[] {
  const gaps = Array.from({ length: count }, () => 0.3 + rng.float() * 1.4);
  const scale = (days * 86_400_000) / gaps.reduce((a, b) => a + b, 0);
  let t = now.getTime() - rng.int(3, 9) * 60_000;
  return gaps.map((gap) => {
    const at = new Date(t);
    t -= gap * scale;
    return at;
  });
}

export function pickBylines(rng: Rng, taxonomy: DemoTaxonomy, language: Language, beat: Beat): number[] {
  const writers = taxonomy.authors.filter((a) => a.spec.writes.includes(language));
  const pool = beat.opinion
    ? writers.filter((a) => a.spec.guest)
    : writers.filter((a) => !a.spec.guest || rng.chance(0.1));
  const count = !beat.opinion && rng.chance(0.25) ? 2 : 1;
  return rng.sample(pool.length > 0 ? pool : writers, count).map((a) => a.id);
}

interface Planned {
  plan: StoryPlan;
  language: Language;
  publishedAt: Date;
  translationGroup: string | null;
  image: DemoImage;
  authorIds: number[];
}

/**
 * Creates the demo newsroom: sections with subsections, tags, bylines (staff and guests), generated
 * images, English and Persian articles (some of them translations of each other) with notes, and a
 * curated "Must read" list per edition. Articles go through the same publishing command as real ones.
 */
export async function createDemoSite(deps: DemoDeps, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  const englishCount = options.englishArticles ?? 230;
  const persianCount = options.persianArticles ?? 64;
  const translationCount = Math.min(options.translations ?? 20, englishCount, persianCount);
  const days = options.days ?? 60;
  const now = deps.clock();
  const nowIso = now.toISOString();
  const rng = new Rng(`demo:${seed}`);
  const storage = deps.storage ?? createLocalMediaStorage(mediaRoot(deps.config.dataDir));

  const taxonomy = await ensureDemoTaxonomy(deps.repos, nowIso);
  const images = await createDemoImages(
    { repos: deps.repos, clock: deps.clock, storage },
    options.images ?? 30,
    seed,
  );
  const imagesBySection = new Map<string, DemoImage[]>();
  for (const image of images)
    imagesBySection.set(image.sectionKey, [...(imagesBySection.get(image.sectionKey) ?? []), image]);
  const imageFor = (beat: Beat): DemoImage => rng.pick(imagesBySection.get(beat.section.en) ?? images);

  const planned: Planned[] = [];
  const englishTimes = publicationTimes(rng.fork('en-times'), englishCount, now, days);
  const enBeats = BEATS;
  for (let i = 0; i < englishCount; i++) {
    const beat = pickBeat(rng, enBeats);
    planned.push({
      plan: { beat, seed: rng.int(1, 2 ** 31) },
      language: 'en',
      publishedAt: englishTimes[i]!,
      translationGroup: null,
      image: imageFor(beat),
      authorIds: pickBylines(rng, taxonomy, 'en', beat),
    });
  }
  // Translations: English stories from beats the Persian edition covers, published a little later.
  const translatable = planned.filter((p) => p.plan.beat.section.fa !== null);
  const translated = rng.sample(translatable, translationCount);
  for (const [n, source] of translated.entries()) {
    source.translationGroup = `demo-${seed}-${n + 1}`;
    const later = new Date(
      Math.min(source.publishedAt.getTime() + rng.int(40, 300) * 60_000, now.getTime() - 60_000),
    );
    planned.push({
      plan: source.plan,
      language: 'fa',
      publishedAt: later,
      translationGroup: source.translationGroup,
      image: source.image,
      authorIds: pickBylines(rng, taxonomy, 'fa', source.plan.beat),
    });
  }
  const faBeats = BEATS.filter((b) => b.section.fa !== null);
  const persianTimes = publicationTimes(rng.fork('fa-times'), persianCount - translated.length, now, days);
  for (const at of persianTimes) {
    const beat = pickBeat(rng, faBeats);
    planned.push({
      plan: { beat, seed: rng.int(1, 2 ** 31) },
      language: 'fa',
      publishedAt: at,
      translationGroup: null,
      image: imageFor(beat),
      authorIds: pickBylines(rng, taxonomy, 'fa', beat),
    });
  }
  // Oldest first, so ids grow with time as in a real newsroom.
  planned.sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());

  const created: {
    id: number;
    language: Language;
    publishedAt: Date;
    beat: Beat;
    story: ReturnType<typeof tellStory>;
  }[] = [];
  for (const item of planned) {
    const story = tellStory(item.plan, item.language);
    const sectionKey = item.plan.beat.section[item.language]!;
    const at = item.publishedAt.toISOString();
    const article = await createArticle(
      { ...deps, clock: () => item.publishedAt },
      {
        language: item.language,
        headline: story.headline,
        standfirst: story.standfirst,
        excerpt: story.excerpt,
        bodySource: story.bodySource,
        bodyFormat: 'markdown',
        sectionId: taxonomy.sections[item.language].get(sectionKey) ?? null,
        tagIds: story.tagKeys
          .map((k) => taxonomy.tags[item.language].get(k)!)
          .filter((id) => id !== undefined),
        authorIds: item.authorIds,
        featuredMediaId: item.image.mediaId,
        featuredAlt: item.image.text.alt[item.language],
        featuredCaption: item.image.text.caption[item.language],
        featuredCredit: item.image.text.credit[item.language],
        translationGroup: item.translationGroup,
        status: 'published',
        publishedAt: at,
      },
    );
    created.push({
      id: article.id,
      language: item.language,
      publishedAt: item.publishedAt,
      beat: item.plan.beat,
      story,
    });
  }

  // Updates and corrections on a few stories, dated after publication; the updated time follows.
  const annotated = rng.sample(
    created.filter((c) => !c.beat.opinion),
    Math.max(2, Math.round(created.length / 30)),
  );
  for (const [i, item] of annotated.entries()) {
    const kind = i % 3 === 1 ? 'correction' : 'update';
    const template = rng.pick(kind === 'correction' ? CORRECTION_NOTES : UPDATE_NOTES);
    const body = template[item.language].replace('{org}', item.story.org).replace('{name}', item.story.name);
    const at = new Date(
      Math.min(item.publishedAt.getTime() + rng.int(30, 600) * 60_000, now.getTime() - 30_000),
    ).toISOString();
    await deps.repos.articles.addNote(item.id, kind, body, at);
    await deps.repos.articles.update(item.id, { updated_at: at });
  }

  // "Must read": five per edition, from the last two weeks, different beats, one expiring in three days.
  for (const language of ['en', 'fa'] as const) {
    const edition = created.filter((c) => c.language === language);
    const isRecent = (c: (typeof created)[number]) =>
      now.getTime() - c.publishedAt.getTime() < 14 * 86_400_000;
    // Recent stories first, then older ones; different beats first, then any (small demo sites).
    const candidates = [
      ...rng.sample(edition.filter(isRecent), edition.length),
      ...rng.sample(
        edition.filter((c) => !isRecent(c)),
        edition.length,
      ),
    ];
    const chosen: typeof created = [];
    for (const candidate of candidates) {
      if (chosen.length < 5 && !chosen.some((c) => c.beat.key === candidate.beat.key)) chosen.push(candidate);
    }
    for (const candidate of candidates)
      if (chosen.length < 5 && !chosen.includes(candidate)) chosen.push(candidate);
    for (const [i, item] of chosen.entries()) {
      const expires = i === chosen.length - 1 ? new Date(now.getTime() + 3 * 86_400_000).toISOString() : null;
      await deps.repos.mustRead.add(language, item.id, expires, nowIso);
    }
    deps.events.emit({ type: 'curation.changed', language });
  }

  const count = (language: Language) => created.filter((c) => c.language === language).length;
  return {
    articles: { en: count('en'), fa: count('fa') },
    translations: translated.length,
    images: images.length,
    sections: taxonomy.sections.en.size + taxonomy.sections.fa.size,
    authors: taxonomy.authors.length,
    milliseconds: Date.now() - started,
  };
}

/** Whether the database holds any article at all, drafts included (`serve` seeds the demo site when not). */
export async function hasArticles(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) !== undefined;
}
