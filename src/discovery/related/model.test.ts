import { describe, expect, it } from 'vitest';
import { RelatedModel, type ArticleText } from './model.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');

function art(id: number, headline: string, body: string, extra: Partial<ArticleText> = {}): ArticleText {
  return {
    articleId: id,
    language: 'en',
    sectionId: 1,
    publishedAt: T0 + id * 3_600_000,
    headline,
    standfirst: '',
    body,
    tags: [],
    ...extra,
  };
}

// Three topics with several stories each, plus a Persian story on the first topic.
const NUCLEAR = [
  art(
    1,
    'Iran nuclear talks resume in Vienna',
    'Negotiators met in Vienna to revive the nuclear deal. Uranium enrichment and sanctions relief dominated the nuclear talks with the IAEA inspectors.',
  ),
  art(
    2,
    'IAEA inspectors report on uranium enrichment',
    'The IAEA said uranium enrichment at Fordow continued. Inspectors found centrifuges enriching uranium beyond the nuclear deal limits.',
  ),
  art(
    3,
    'Sanctions relief hinges on nuclear deal, envoy says',
    'An envoy said sanctions relief depends on the nuclear deal. Enrichment limits and IAEA inspections remain the sticking points in Vienna.',
  ),
  art(
    4,
    'Centrifuges and enrichment: what the nuclear deal allows',
    'The nuclear deal caps uranium enrichment. Centrifuges at Natanz and Fordow are monitored by IAEA inspectors under the agreement.',
  ),
];
const FOOTBALL = [
  art(
    10,
    'Persepolis win the Tehran derby',
    'Persepolis beat Esteghlal two goals to one in the Tehran derby at Azadi stadium. The striker scored twice as fans filled the stadium.',
  ),
  art(
    11,
    'Esteghlal coach sacked after derby defeat',
    'Esteghlal dismissed their coach after the derby defeat to Persepolis. The club said a new coach would be named before the next league match.',
  ),
  art(
    12,
    'Azadi stadium sold out for the league decider',
    'Fans bought every ticket at Azadi stadium for the league decider between Persepolis and Sepahan. The striker is fit to play.',
  ),
];
const ECONOMY = [
  art(
    20,
    'Rial falls to record low against the dollar',
    'The rial fell to a record low as inflation rose and prices climbed. The central bank sold dollars in the currency market to support the rial.',
  ),
  art(
    21,
    'Central bank raises interest rates to fight inflation',
    'The central bank raised interest rates as inflation hit forty percent. Economists expect the rial to stabilise against the dollar.',
  ),
  art(
    22,
    'Inflation hits forty percent as prices climb',
    'Consumer prices climbed and inflation reached forty percent, the statistics centre said. Bread and rent led the rise in prices.',
  ),
];

function build(extra: ArticleText[] = []): RelatedModel {
  const model = new RelatedModel();
  model.beginBulk();
  model.addBatch([...NUCLEAR, ...FOOTBALL, ...ECONOMY, ...extra]);
  model.finish();
  return model;
}

describe('RelatedModel', () => {
  it('returns the other stories on the same topic first', () => {
    const model = build();
    for (const group of [NUCLEAR, FOOTBALL, ECONOMY]) {
      for (const a of group) {
        const list = model.related(a.articleId, { limit: 6 }).map((s) => s.articleId);
        const same = group.filter((g) => g.articleId !== a.articleId).map((g) => g.articleId);
        expect(list.slice(0, same.length).sort()).toEqual(same.sort());
        expect(list).not.toContain(a.articleId);
      }
    }
  });

  it('defaults to six items and keeps to the article language', () => {
    const persian = art(
      30,
      'مذاکرات هسته‌ای ایران در وین',
      'مذاکره کنندگان در وین درباره توافق هسته‌ای و غنی‌سازی اورانیوم گفتگو کردند. Vienna IAEA uranium enrichment nuclear deal.',
      {
        language: 'fa',
      },
    );
    const model = build([persian]);
    const list = model.related(1).map((s) => s.articleId);
    expect(list.length).toBeLessThanOrEqual(6);
    expect(list).not.toContain(30);
    expect(model.related(1, { sameLanguage: false, limit: 10 }).map((s) => s.articleId)).toContain(30);
    expect(model.related(30).map((s) => s.articleId)).toEqual([]);
  });

  it('drops near-duplicates of the article and of each other', () => {
    const copyOf1 = art(40, NUCLEAR[0]!.headline, NUCLEAR[0]!.body);
    const copyOf2a = art(41, NUCLEAR[1]!.headline, `${NUCLEAR[1]!.body} Updated.`);
    const model = build([copyOf1, copyOf2a]);
    const list = model.related(1, { limit: 6 }).map((s) => s.articleId);
    expect(list).not.toContain(40);
    // Story 2 and its rewrite 41 never both appear.
    expect(list.includes(2) && list.includes(41)).toBe(false);
  });

  it('respects excluded ids (modules already on the page) and publication time', () => {
    const model = build();
    const list = model.related(1, { exclude: new Set([2, 3]) }).map((s) => s.articleId);
    expect(list).not.toContain(2);
    expect(list).not.toContain(3);
    expect(list[0]).toBe(4);
    const early = model.related(1, { now: T0 + 2.5 * 3_600_000 }).map((s) => s.articleId);
    expect(early).not.toContain(3);
    expect(early).not.toContain(4);
  });

  it('boosts shared tags and prefers stories close in time', () => {
    const tag = { id: 7, name: 'Derby' };
    const model = build([
      art(50, 'Tehran derby tickets', 'Fans queue for tickets to the match at the stadium.', { tags: [tag] }),
      art(51, 'Derby referee named', 'The referee for the match at the stadium was named.', { tags: [tag] }),
      art(52, 'Stadium renovation', 'The stadium will be renovated before the match season.', {
        publishedAt: T0 - 3000 * DAY,
      }),
    ]);
    const list = model.related(50, { limit: 6 }).map((s) => s.articleId);
    expect(list[0]).toBe(51);
    expect(list.indexOf(52) === -1 || list.indexOf(52) > list.indexOf(51)).toBe(true);
  });

  it('applies incremental adds, updates and removals', () => {
    const model = build();
    model.add(
      art(
        60,
        'Vienna nuclear talks stall over enrichment',
        'The nuclear talks in Vienna stalled. Uranium enrichment and IAEA inspectors remain the issue.',
      ),
    );
    expect(model.related(1, { limit: 6 }).map((s) => s.articleId)).toContain(60);
    model.add(
      art(60, 'Derby at Azadi stadium', 'Persepolis and Esteghlal fans at Azadi stadium for the derby.'),
    );
    expect(model.related(1, { limit: 6 }).map((s) => s.articleId)).not.toContain(60);
    expect(model.related(10, { limit: 6 }).map((s) => s.articleId)).toContain(60);
    model.remove(60);
    expect(model.related(10, { limit: 6 }).map((s) => s.articleId)).not.toContain(60);
    expect(model.has(60)).toBe(false);
  });

  it('meets Persian spelling variants (Arabic yeh/kaf, ZWNJ) as one term', () => {
    const model = new RelatedModel();
    model.beginBulk();
    model.addBatch([
      art(70, 'كتاب‌هاي جديد نمايشگاه', 'نمايشگاه كتاب تهران با حضور ناشران برگزار شد', { language: 'fa' }),
      art(71, 'کتابهای جدید نمایشگاه', 'نمایشگاه کتاب تهران با حضور ناشران برگزار شد', { language: 'fa' }),
      art(72, 'قیمت نفت افزایش یافت', 'قیمت نفت در بازارهای جهانی افزایش یافت', { language: 'fa' }),
      art(73, 'بازار سهام تهران', 'شاخص بورس تهران رشد کرد', { language: 'fa' }),
    ]);
    model.finish();
    expect(model.similarity(70, 71)).toBeGreaterThan(0.95);
  });

  it("gives one article's similarities to many exactly as pair by pair", () => {
    const model = build();
    const ids = [...NUCLEAR, ...FOOTBALL, ...ECONOMY].map((a) => a.articleId);
    const others = [...ids, 999_999];
    const as = [...ids, 999_998];
    const rows = model.similarityRows(as, others);
    as.forEach((a, i) => expect(rows[i]).toEqual(others.map((b) => model.similarity(a, b))));
    expect(rows[0]!.some((v) => v > 0)).toBe(true);
  });
});
