/**
 * The demo newsroom's fixed furniture: sections, tags and bylines. Every name here is invented;
 * places are real cities, used only as datelines.
 */
export interface Bi {
  en: string;
  fa: string;
}

export interface SectionSpec {
  key: string;
  slug: string;
  name: string;
  description: string;
  parent?: string;
  /** Hex colour used by the generated images of this section. */
  colour: string;
}

export const EN_SECTIONS: SectionSpec[] = [
  {
    key: 'iran',
    slug: 'iran',
    name: 'Iran General News',
    description: 'Politics, economy and society across Iran.',
    colour: '#1d4e89',
  },
  {
    key: 'politics',
    slug: 'politics',
    name: 'Politics',
    description: 'Parliament, government, courts and elections.',
    parent: 'iran',
    colour: '#7b2d26',
  },
  {
    key: 'economy',
    slug: 'economy',
    name: 'Economy',
    description: 'Prices, jobs, the currency and the budget.',
    parent: 'iran',
    colour: '#2a6f4e',
  },
  {
    key: 'society',
    slug: 'society',
    name: 'Society',
    description: 'Schools, health, cities, water and everyday life.',
    parent: 'iran',
    colour: '#8a5a00',
  },
  {
    key: 'middle-east',
    slug: 'middle-east',
    name: 'Middle East',
    description: 'News from across the region.',
    colour: '#9c4a1a',
  },
  {
    key: 'world',
    slug: 'world',
    name: 'World',
    description: 'International news and diplomacy.',
    colour: '#264b73',
  },
  {
    key: 'business',
    slug: 'business',
    name: 'Business',
    description: 'Companies, markets, trade and energy.',
    colour: '#2f5d50',
  },
  {
    key: 'opinion',
    slug: 'opinion',
    name: 'Opinion',
    description: 'Analysis and argument from our writers and guests.',
    colour: '#5b3f78',
  },
  {
    key: 'culture',
    slug: 'culture',
    name: 'Culture',
    description: 'Film, books, music and the arts.',
    colour: '#a23b5a',
  },
  {
    key: 'science-tech',
    slug: 'science-tech',
    name: 'Science & Tech',
    description: 'Research, the internet, climate and technology.',
    colour: '#116470',
  },
];

export const FA_SECTIONS: SectionSpec[] = [
  {
    key: 'iran',
    slug: 'iran',
    name: 'اخبار ایران',
    description: 'سیاست، اقتصاد و جامعه در سراسر ایران.',
    colour: '#1d4e89',
  },
  {
    key: 'middle-east',
    slug: 'middle-east',
    name: 'خاورمیانه',
    description: 'خبرهای منطقه.',
    colour: '#9c4a1a',
  },
  {
    key: 'world',
    slug: 'world',
    name: 'جهان',
    description: 'خبرهای بین‌المللی و دیپلماسی.',
    colour: '#264b73',
  },
  {
    key: 'economy',
    slug: 'economy',
    name: 'اقتصاد',
    description: 'قیمت‌ها، بازار کار، ارز و بودجه.',
    colour: '#2a6f4e',
  },
  {
    key: 'culture',
    slug: 'culture',
    name: 'فرهنگ',
    description: 'سینما، کتاب، موسیقی و هنر.',
    colour: '#a23b5a',
  },
  {
    key: 'opinion',
    slug: 'opinion',
    name: 'دیدگاه',
    description: 'تحلیل و یادداشت نویسندگان و مهمانان.',
    colour: '#5b3f78',
  },
];

export interface TagSpec {
  key: string;
  name: Bi;
}

export const TAGS: TagSpec[] = [
  { key: 'elections', name: { en: 'Elections', fa: 'انتخابات' } },
  { key: 'parliament', name: { en: 'Parliament', fa: 'مجلس' } },
  { key: 'courts', name: { en: 'Courts', fa: 'دادگستری' } },
  { key: 'human-rights', name: { en: 'Human rights', fa: 'حقوق بشر' } },
  { key: 'inflation', name: { en: 'Inflation', fa: 'تورم' } },
  { key: 'currency', name: { en: 'Currency', fa: 'ارز' } },
  { key: 'jobs', name: { en: 'Jobs', fa: 'اشتغال' } },
  { key: 'budget', name: { en: 'Budget', fa: 'بودجه' } },
  { key: 'oil', name: { en: 'Oil and gas', fa: 'نفت و گاز' } },
  { key: 'trade', name: { en: 'Trade', fa: 'تجارت' } },
  { key: 'sanctions', name: { en: 'Sanctions', fa: 'تحریم' } },
  { key: 'diplomacy', name: { en: 'Diplomacy', fa: 'دیپلماسی' } },
  { key: 'water', name: { en: 'Water', fa: 'آب' } },
  { key: 'climate', name: { en: 'Climate', fa: 'اقلیم' } },
  { key: 'health', name: { en: 'Health', fa: 'سلامت' } },
  { key: 'education', name: { en: 'Education', fa: 'آموزش' } },
  { key: 'women', name: { en: 'Women', fa: 'زنان' } },
  { key: 'housing', name: { en: 'Housing', fa: 'مسکن' } },
  { key: 'internet', name: { en: 'Internet', fa: 'اینترنت' } },
  { key: 'startups', name: { en: 'Start-ups', fa: 'استارتاپ' } },
  { key: 'space', name: { en: 'Space', fa: 'فضا' } },
  { key: 'film', name: { en: 'Film', fa: 'سینما' } },
  { key: 'books', name: { en: 'Books', fa: 'کتاب' } },
  { key: 'music', name: { en: 'Music', fa: 'موسیقی' } },
  { key: 'heritage', name: { en: 'Heritage', fa: 'میراث فرهنگی' } },
  { key: 'refugees', name: { en: 'Refugees', fa: 'پناهجویان' } },
  { key: 'energy', name: { en: 'Energy', fa: 'انرژی' } },
  { key: 'transport', name: { en: 'Transport', fa: 'حمل‌ونقل' } },
  { key: 'tehran', name: { en: 'Tehran', fa: 'تهران' } },
  { key: 'analysis', name: { en: 'Analysis', fa: 'تحلیل' } },
];

export interface AuthorSpec {
  slug: string;
  name: Bi;
  /** Which editions this byline writes for. */
  writes: ('en' | 'fa')[];
  beat: Bi;
  guest?: boolean;
  years: number;
}

export const AUTHORS: AuthorSpec[] = [
  {
    slug: 'leila-farahani',
    name: { en: 'Leila Farahani', fa: 'لیلا فراهانی' },
    writes: ['en', 'fa'],
    beat: { en: 'politics', fa: 'سیاست' },
    years: 12,
  },
  {
    slug: 'arash-kamali',
    name: { en: 'Arash Kamali', fa: 'آرش کمالی' },
    writes: ['en', 'fa'],
    beat: { en: 'the economy', fa: 'اقتصاد' },
    years: 9,
  },
  {
    slug: 'nasrin-azadi',
    name: { en: 'Nasrin Azadi', fa: 'نسرین آزادی' },
    writes: ['en', 'fa'],
    beat: { en: 'society and health', fa: 'جامعه و سلامت' },
    years: 7,
  },
  {
    slug: 'daniel-whitcombe',
    name: { en: 'Daniel Whitcombe', fa: 'دنیل ویتکام' },
    writes: ['en'],
    beat: { en: 'diplomacy', fa: 'دیپلماسی' },
    years: 15,
  },
  {
    slug: 'sara-mehrabi',
    name: { en: 'Sara Mehrabi', fa: 'سارا محرابی' },
    writes: ['en', 'fa'],
    beat: { en: 'the Middle East', fa: 'خاورمیانه' },
    years: 10,
  },
  {
    slug: 'omid-rostami',
    name: { en: 'Omid Rostami', fa: 'امید رستمی' },
    writes: ['fa'],
    beat: { en: 'business and energy', fa: 'کسب‌وکار و انرژی' },
    years: 6,
  },
  {
    slug: 'hannah-okafor',
    name: { en: 'Hannah Okafor', fa: 'هانا اوکافور' },
    writes: ['en'],
    beat: { en: 'world news', fa: 'اخبار جهان' },
    years: 8,
  },
  {
    slug: 'reza-tavakoli',
    name: { en: 'Reza Tavakoli', fa: 'رضا توکلی' },
    writes: ['en', 'fa'],
    beat: { en: 'science and technology', fa: 'علم و فناوری' },
    years: 5,
  },
  {
    slug: 'maryam-jalili',
    name: { en: 'Maryam Jalili', fa: 'مریم جلیلی' },
    writes: ['fa'],
    beat: { en: 'culture', fa: 'فرهنگ' },
    years: 11,
  },
  {
    slug: 'thomas-berger',
    name: { en: 'Thomas Berger', fa: 'توماس برگر' },
    writes: ['en'],
    beat: { en: 'business', fa: 'کسب‌وکار' },
    years: 14,
  },
  {
    slug: 'parisa-nouri',
    name: { en: 'Parisa Nouri', fa: 'پریسا نوری' },
    writes: ['en', 'fa'],
    beat: { en: 'culture', fa: 'فرهنگ' },
    years: 4,
  },
  {
    slug: 'kian-esfandiari',
    name: { en: 'Kian Esfandiari', fa: 'کیان اسفندیاری' },
    writes: ['en'],
    beat: { en: 'the courts and human rights', fa: 'دادگستری و حقوق بشر' },
    years: 8,
  },
  {
    slug: 'farah-sadeghi',
    name: { en: 'Farah Sadeghi', fa: 'فرح صادقی' },
    writes: ['fa'],
    beat: { en: 'politics', fa: 'سیاست' },
    years: 9,
  },
  {
    slug: 'james-liu',
    name: { en: 'James Liu', fa: 'جیمز لیو' },
    writes: ['en'],
    beat: { en: 'climate and energy', fa: 'اقلیم و انرژی' },
    years: 6,
  },
  // Guest contributors: bylines without newsroom accounts.
  {
    slug: 'dr-shirin-hosseini',
    name: { en: 'Dr Shirin Hosseini', fa: 'دکتر شیرین حسینی' },
    writes: ['en', 'fa'],
    beat: { en: 'economics', fa: 'اقتصاد' },
    years: 20,
    guest: true,
  },
  {
    slug: 'babak-moradi',
    name: { en: 'Babak Moradi', fa: 'بابک مرادی' },
    writes: ['en', 'fa'],
    beat: { en: 'regional security', fa: 'امنیت منطقه‌ای' },
    years: 16,
    guest: true,
  },
  {
    slug: 'elena-varga',
    name: { en: 'Elena Varga', fa: 'النا وارگا' },
    writes: ['en'],
    beat: { en: 'European policy', fa: 'سیاست اروپا' },
    years: 12,
    guest: true,
  },
  {
    slug: 'ali-karimi',
    name: { en: 'Ali Karimi', fa: 'علی کریمی' },
    writes: ['en', 'fa'],
    beat: { en: 'urban water management', fa: 'مدیریت آب شهری' },
    years: 18,
    guest: true,
  },
  {
    slug: 'nadia-haddad',
    name: { en: 'Nadia Haddad', fa: 'نادیا حداد' },
    writes: ['en'],
    beat: { en: 'refugee law', fa: 'حقوق پناهندگی' },
    years: 10,
    guest: true,
  },
];

/** A byline's bio, written in the language of the byline's main edition. */
export function authorBio(author: AuthorSpec): string {
  const lang = author.writes.includes('en') ? 'en' : 'fa';
  if (lang === 'fa') {
    return author.guest
      ? `${author.name.fa} پژوهشگر ${author.beat.fa} است و بیش از ${toFaDigits(author.years)} سال در این زمینه نوشته است. دیدگاه‌های او لزوماً دیدگاه این رسانه نیست.`
      : `${author.name.fa} خبرنگار ${author.beat.fa} است و ${toFaDigits(author.years)} سال است که برای رسانه‌های فارسی‌زبان گزارش می‌نویسد.`;
  }
  return author.guest
    ? `${author.name.en} is a guest contributor who has researched and written about ${author.beat.en} for ${author.years} years. Views are the author's own.`
    : `${author.name.en} covers ${author.beat.en} for Broadsheet and has reported on the region for ${author.years} years.`;
}

export function authorLinks(author: AuthorSpec): { label: string; url: string }[] {
  const handle = author.slug.replace(/-/g, '');
  const links = [{ label: 'Website', url: `https://${handle}.example.org/` }];
  if (!author.guest) links.unshift({ label: 'Email', url: `mailto:${author.slug}@newsroom.example.org` });
  links.push({ label: 'Mastodon', url: `https://social.example.net/@${handle}` });
  return links;
}

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** Western digits to Persian ones, leaving everything else as it is. */
export function toFaDigits(value: string | number): string {
  return String(value).replace(/[0-9]/g, (d) => FA_DIGITS[Number(d)]!);
}
