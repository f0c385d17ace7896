import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testClock, type TestApp } from '../../test/support/app.ts';
import { createSmallSite } from '../../test/support/fixtures.ts';
import type { Composed } from '../compose.ts';
import { LANGUAGES, type Language } from '../domain/language.ts';
import { addCorrection } from '../publishing/add-correction.ts';
import { createArticle } from '../publishing/create-article.ts';
import { checkFeed, type CheckOptions, type FeedKind, type Finding } from './feed-conformance.ts';
import { FEED_FORMATS, feedPath, type FeedFormat, type FeedScope } from './paths.ts';

const BASE = 'http://news.test';
const FORMATS = Object.keys(FEED_FORMATS) as FeedFormat[];

/**
 * Stories beyond the small site that exercise what feeds get wrong: markup and `&` in plain text,
 * bodies with relative, fragment and non-ASCII links, srcset and <bdo>, local and imported images
 * (an imported one has no size and a Persian file name), three bylines, corrections, a C1 control
 * character, a story with no body, Persian sections, tags and text.
 */
async function seedEdgeCases(deps: Composed, clock: ReturnType<typeof testClock>) {
  const now = deps.clock().toISOString();
  const { repos } = deps;
  const world = await repos.sections.bySlug('en', 'world');
  const faPolitics = await repos.sections.create(
    { language: 'fa', slug: 'سیاست', name: 'سیاست', description: 'قدرت & <سیاست> در ایران' },
    now,
  );
  const rnd = await repos.tags.create({ language: 'en', slug: 'r-and-d', name: 'R&D <lab>' }, now);
  const faTag = await repos.tags.create({ language: 'fa', slug: 'می-خواهیم', name: 'می‌خواهیم' }, now);
  const reza = await repos.authors.create({ slug: 'reza-karimi', name: 'Reza Karimi' }, now);
  const agency = await repos.authors.create(
    { slug: 'wire', name: 'Smith & Jones <Wire>', bio: 'A & B' },
    now,
  );
  const sara = await repos.authors.bySlug('sara-ahmadi');
  const guest = await repos.authors.bySlug('guest-writer');
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
        { width: 800, height: 450, format: 'jpeg', path: '2026/11/harbour-ab12-800.jpg' },
        { width: 1600, height: 900, format: 'jpeg', path: '2026/11/harbour-ab12-1600.jpg' },
      ],
    },
    now,
  );
  // As the WXR/Ghost importers store an image they have not fetched: no size, the remote URL as given.
  const imported = await deps.database.db
    .insertInto('media')
    .values({
      storage_key: 'import/old-site-photo',
      original_name: 'عکس خبر.jpg',
      mime: 'image/jpeg',
      width: 0,
      height: 0,
      bytes: 0,
      alt: 'عکس',
      caption: '',
      credit: '',
      variants: '[]',
      created_at: now,
      remote_url: 'https://old.example/wp-content/uploads/2020/01/عکس خبر.jpg',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const at = (hoursAgo: number) => new Date(Date.parse(now) - hoursAgo * 3_600_000).toISOString();
  const lead = await createArticle(deps, {
    language: 'en',
    headline: 'Talks <resume> & "hopes" rise',
    standfirst: 'Profits < costs & more; R&D &amp; "quotes" at 5<6.',
    bodyFormat: 'html',
    bodySource: [
      '<p>Read <a href="other-story">the other story</a>, <a href="../section/world">World</a>,',
      ' <a href="#notes">the notes</a>, <a href="/news/x?a=1&amp;b=2">a query</a>,',
      ' <a href="/fa/news/مذاکرات">a Persian story</a> and <a href="https://example.org/">a site</a>.</p>',
      '<figure><img src="/media/2026/11/harbour-ab12-800.jpg" srcset="/media/2026/11/harbour-ab12-800.jpg 800w,',
      ' harbour-ab12-1600.jpg 1600w" alt="Harbour"><figcaption>The harbour</figcaption></figure>',
      '<blockquote cite="/news/source"><p>Quoted.</p></blockquote>',
      '<p><bdo dir="rtl">عکس</bdo>, a tricky ]]&gt; sequence, <script>alert(1)</script> and x &lt; y.</p>',
      '<p id="notes">Notes.</p>',
    ].join(''),
    sectionId: world!.id,
    tagIds: [rnd.id],
    authorIds: [sara!.id, reza.id, agency.id],
    featuredMediaId: photo.id,
    featuredAlt: 'Negotiators at the table',
    status: 'published',
    publishedAt: at(0.5),
  });
  const persian = await createArticle(deps, {
    language: 'fa',
    headline: 'مذاکرات از سر گرفته شد & «امید» <بیشتر>',
    slug: 'مذاکرات',
    standfirst: 'خلاصه‌ای با نیم‌فاصله & نشانه <تگ>.',
    bodySource: 'بند نخست با [پیوند](/fa/section/سیاست) و ![تصویر](/media/2026/11/x.jpg).\n\nبند دوم.',
    sectionId: faPolitics.id,
    tagIds: [faTag.id],
    authorIds: [reza.id, guest!.id],
    featuredMediaId: imported.id,
    featuredAlt: 'عکس از بندر',
    status: 'published',
    publishedAt: at(0.5),
  });
  await createArticle(deps, {
    language: 'en',
    headline: 'Photo of the day',
    standfirst: 'A picture, no words.\u0085',
    bodySource: '',
    sectionId: world!.id,
    authorIds: [agency.id],
    featuredMediaId: photo.id,
    featuredAlt: 'The harbour',
    status: 'published',
    publishedAt: at(1.5),
  });
  for (const [article, kind, body] of [
    [lead, 'correction', 'An earlier version misspelt a name & a <place>.'],
    [persian, 'correction', 'نام یک مکان اصلاح شد.'],
    [lead, 'update', 'Talks ended at 9pm.'],
  ] as const) {
    clock.advance(60_000);
    await addCorrection(deps, { articleId: article.id, kind, body });
  }
}

/** Every feed the app serves for this content: each edition, section, tag and author. */
async function allScopes(deps: Composed): Promise<[Language, FeedScope][]> {
  const out: [Language, FeedScope][] = [];
  const tags = await deps.repos.tags.all();
  const authors = await deps.repos.authors.all();
  for (const language of LANGUAGES) {
    out.push([language, { kind: 'site' }]);
    for (const s of await deps.repos.sections.listByLanguage(language))
      out.push([language, { kind: 'section', slug: s.slug }]);
    for (const tag of tags.filter((x) => x.language === language))
      out.push([language, { kind: 'tag', slug: tag.slug }]);
    for (const a of authors) out.push([language, { kind: 'author', slug: a.slug }]);
  }
  return out;
}

const describeFinding = (f: Finding) =>
  `${f.level} ${f.code} at ${f.where}${f.detail ? ` (${f.detail})` : ''}`;

// The feeds' output does not depend on the database; feeds.test.ts runs loading on both dialects.
describe('feed conformance on sqlite', () => {
  const clock = testClock('2026-11-27T12:00:00.000Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { clock });
    await createSmallSite(t.deps);
    await seedEdgeCases(t.deps, clock);
  });
  afterAll(() => t.close());

  const fetch = async (path: string) => {
    const res = await t.app.inject({ method: 'GET', url: path });
    expect(res.statusCode, path).toBe(200);
    return res;
  };

  it('serves every feed (RSS, Atom, JSON Feed; each edition, section, tag and author) with no errors or warnings', async () => {
    const scopes = await allScopes(t.deps);
    const problems: string[] = [];
    for (const [language, scope] of scopes) {
      for (const format of FORMATS) {
        const path = feedPath(language, scope, format);
        const res = await fetch(path);
        const options: CheckOptions = {
          location: BASE + path,
          contentType: String(res.headers['content-type']),
          now: clock(),
        };
        for (const f of checkFeed(format as FeedKind, res.body, options))
          problems.push(`${path}: ${describeFinding(f)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(scopes.length * FORMATS.length).toBeGreaterThan(40);
  });

  it('checked feeds that hold the hard cases', async () => {
    const rss = (await fetch('/feed.xml')).body;
    expect(rss.match(/<dc:creator>/g)?.length).toBeGreaterThan(30);
    expect(rss).toContain('<dc:creator>Smith &#x26; Jones &#x3C;Wire&#x3E;</dc:creator>');
    expect(rss).toContain('<media:content url="http://news.test/media/2026/11/harbour-ab12-1600.jpg"');
    expect(rss).toContain('href="http://news.test/news/other-story"');
    expect(rss).toContain('href="http://news.test/news/talks-resume-hopes-rise#notes"');
    expect(rss).toContain('href="http://news.test/section/world"');
    expect(rss).toContain(`href="http://news.test/fa/news/${encodeURIComponent('مذاکرات')}"`);
    expect(rss).toContain('http://news.test/news/harbour-ab12-1600.jpg 1600w');
    expect(rss).not.toContain('\u0085');
    expect(rss).not.toContain('<bdo');
    const fa = (await fetch('/fa/atom.xml')).body;
    expect(fa).toContain('مذاکرات از سر گرفته شد');
    expect(fa).toContain(
      'https://old.example/wp-content/uploads/2020/01/%D8%B9%DA%A9%D8%B3%20%D8%AE%D8%A8%D8%B1.jpg',
    );
    const faRss = (await fetch('/fa/feed.xml')).body;
    expect(faRss).not.toMatch(/width="0"|height="0"/);
    const json = JSON.parse((await fetch('/feed.json')).body);
    const lead = json.items.find((i: { title: string }) => i.title === 'Talks <resume> & "hopes" rise');
    expect(lead.authors).toHaveLength(3);
    expect(Date.parse(lead.date_modified)).toBeGreaterThan(Date.parse(lead.date_published));
  });
});

describe('feed conformance checker', () => {
  const options: CheckOptions = {
    location: 'http://news.test/feed.xml',
    contentType: 'application/rss+xml; charset=utf-8',
    now: new Date('2026-11-27T12:00:00Z'),
  };
  const codes = (kind: FeedKind, body: string, o: Partial<CheckOptions> = {}) =>
    checkFeed(kind, body, { ...options, ...o }).map((f) => `${f.level} ${f.code}`);

  const rss = (item: string, channelExtra = '', ns = '') =>
    `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"${ns}>
<channel>
<title>News</title>
<link>http://news.test/</link>
<description>Latest</description>
<atom:link href="http://news.test/feed.xml" rel="self" type="application/rss+xml"/>
${channelExtra}
<item>
${item}
</item>
</channel>
</rss>
`;
  const goodItem = `<title>A story</title>
<link>http://news.test/news/a</link>
<guid isPermaLink="true">http://news.test/news/a</guid>
<pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate>
<dc:creator>Jane Doe</dc:creator>
<description>Plain &amp;amp; simple</description>
<content:encoded><![CDATA[<p>Body <a href="http://news.test/x">x</a></p>]]></content:encoded>`;

  it('passes a clean RSS feed', () => {
    expect(codes('rss', rss(goodItem))).toEqual([]);
  });

  it('finds the RSS problems the W3C validator reports', () => {
    const swap = (from: string, to: string) => codes('rss', rss(goodItem.replace(from, to)));
    expect(swap('http://news.test/x', '/x')).toEqual(['warning ContainsRelRef']);
    expect(swap('http://news.test/x', '#top')).toEqual(['warning ContainsRelRef']);
    expect(swap('<guid isPermaLink="true">http://news.test/news/a</guid>', '')).toEqual([
      'warning MissingGuid',
    ]);
    expect(swap('Fri, 27 Nov 2026', 'Fri, 27 Nov 26')).toEqual(['warning ProblematicalRFC822Date']);
    expect(swap('Fri, 27 Nov 2026', 'Sat, 27 Nov 2026')).toEqual(['error IncorrectDOW']);
    expect(swap('Fri, 27 Nov 2026 10:00:00 GMT', '2026-11-27T10:00:00Z')).toEqual([
      'error InvalidRFC2822Date',
    ]);
    expect(swap('Fri, 27 Nov 2026 10:00:00', 'Fri, 27 Nov 2026 23:00:00')).toEqual([
      'warning ImplausibleDate',
    ]);
    expect(swap('Fri, 27 Nov 2026', 'Mon, 27 Nov 1989')).toEqual(['warning ImplausibleDate']);
    expect(swap('<p>Body', '<p onclick="x()">Body')).toEqual(['warning SecurityRiskAttr']);
    expect(swap('<p>Body', '<script>x()</script><p>Body')).toEqual(['warning SecurityRisk']);
    expect(swap('<p>Body', '<p style="background: url(javascript:x)">Body')).toEqual([
      'warning DangerousStyleAttr',
    ]);
    expect(swap('<p>Body', '<resume>Body')).toEqual(['warning NotHtml']);
    expect(swap('<p>Body', '<p><b>Body')).toEqual(['warning NotHtml']);
    expect(swap('Plain &amp;amp; simple', 'a &lt;resume&gt;')).toEqual(['warning NotHtml']);
    expect(swap('<title>A story</title>', '<title>Talks &lt;resume&gt;</title>')).toEqual([
      'warning CharacterData',
    ]);
    expect(swap('<title>A story</title>', '<title>Talks &#x3C;resume&#x3E;</title>')).toEqual([]);
    expect(swap('<title>A story</title>', '<title>Use &lt;/b&gt; here</title>')).toEqual([
      'warning ContainsHTML',
    ]);
    expect(swap('<title>A story</title>', '<title>Tom &amp;amp; Jerry</title>')).toEqual([
      'warning ContainsHTML',
    ]);
    expect(swap('<title>A story</title>', '<title>Bad \u0085 char</title>')).toEqual([
      'warning BadCharacters',
    ]);
    expect(swap('<link>http://news.test/news/a</link>', '<link>http://news.test/news/خبر</link>')).toEqual([
      'error UriNotIri',
    ]);
    expect(swap('<link>http://news.test/news/a</link>', '<link>/news/a</link>')).toEqual([
      'error InvalidFullLink',
    ]);
    expect(swap('<dc:creator>Jane Doe</dc:creator>', '<author>Jane Doe</author>')).toEqual([
      'error InvalidContact',
    ]);
    expect(swap('<dc:creator>Jane Doe</dc:creator>', '<author>jane@news.test</author>')).toEqual([
      'warning MissingRealName',
    ]);
    expect(swap('<dc:creator>Jane Doe</dc:creator>', '<author>jane@news.test (Jane)</author>')).toEqual([]);
    expect(
      swap('<dc:creator>Jane Doe</dc:creator>', '<dc:creator>J</dc:creator><author>j@x.test (J)</author>'),
    ).toEqual(['warning DuplicateItemSemantics']);
    expect(swap('<description>Plain &amp;amp; simple</description>', '')).toEqual([
      'warning NeedDescriptionBeforeContent',
    ]);
    expect(
      swap(
        '<title>A story</title>',
        '<title>A story</title><media:content url="http://x.test/a.jpg" width="0" medium="picture"/>',
      ),
    ).toEqual(['error InvalidPositiveInteger', 'error InvalidMediaMedium']);
    expect(swap('<title>A story</title>', '<title>A story</title><foo>x</foo>')).toEqual([
      'error UndefinedElement',
    ]);
    expect(swap('<title>A story</title>', '<title x:y="1" xmlns:x="http://x.test/">A story</title>')).toEqual(
      ['warning UnknownNamespace', 'warning UseOfExtensionAttr'],
    );
    expect(
      swap('<guid isPermaLink="true">http://news.test/news/a</guid>', '<guid>tag:news.test,2026:1</guid>'),
    ).toEqual(['error InvalidPermalink']);
  });

  it('checks the RSS channel: self link, namespaces, order, media type', () => {
    const self = '<atom:link href="http://news.test/feed.xml" rel="self" type="application/rss+xml"/>';
    expect(codes('rss', rss(goodItem).replace(self, ''))).toEqual(['warning MissingAtomSelfLink']);
    expect(codes('rss', rss(goodItem), { location: 'http://news.test/other.xml' })).toEqual([
      'warning SelfDoesntMatchLocation',
    ]);
    expect(codes('rss', rss(goodItem), { location: 'HTTP://NEWS.TEST:80/feed.xml' })).toEqual([]);
    expect(codes('rss', rss(goodItem).replace(self, self.replace('http://news.test', '')))).toEqual([
      'warning RelativeSelf',
    ]);
    expect(codes('rss', rss(goodItem).replace('application/rss+xml"', 'text/html"'))).toEqual([
      'warning SelfNotAtom',
    ]);
    expect(codes('rss', rss(goodItem).replace('mrss/"', 'mrss"'))).toEqual(['error MediaRssNamespace']);
    expect(codes('rss', rss(goodItem).replace('</channel>', '<language>en</language></channel>'))).toEqual([
      'warning MisplacedItem',
    ]);
    expect(codes('rss', rss(goodItem), { contentType: 'text/html; charset=utf-8' })).toEqual([
      'warning UnexpectedContentType',
    ]);
    expect(codes('rss', rss(goodItem), { contentType: 'application/rss+xml; charset=iso-8859-1' })).toEqual([
      'warning EncodingMismatch',
    ]);
    expect(codes('rss', rss(goodItem + '\n</item><item>\n' + goodItem))).toEqual(['error DuplicateValue']);
    expect(
      codes('rss', rss(goodItem).replace('<title>News</title>', '<title>News</title><title>Two</title>')),
    ).toEqual(['error DuplicateElement']);
    expect(codes('rss', rss(goodItem).replace('</description>', ' &nbsp;</description>'))).toEqual([
      'error UndefinedNamedEntity',
    ]);
    expect(codes('rss', rss(goodItem).replace('</channel>', '</chanel>'))).toEqual(['error SAXError']);
    expect(
      codes(
        'rss',
        rss(
          goodItem,
          '<image><url>http://news.test/i.png</url><title>Old</title><link>http://news.test/</link></image>',
        ),
      ),
    ).toEqual(['warning ImageTitleDoesntMatch']);
  });

  const atom = (entry: string, o: { updated2?: string } = {}) =>
    `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>http://news.test/atom.xml</id>
<title type="text">News</title>
<updated>2026-11-27T10:00:00Z</updated>
<link rel="alternate" type="text/html" href="http://news.test/"/>
<link rel="self" type="application/atom+xml" href="http://news.test/atom.xml"/>
<author><name>News</name></author>
<entry>
${entry}
</entry>
<entry>
<id>http://news.test/news/b</id>
<title type="text">B</title>
<link rel="alternate" type="text/html" href="http://news.test/news/b"/>
<updated>${o.updated2 ?? '2026-11-26T10:00:00Z'}</updated>
<summary type="text">B</summary>
</entry>
</feed>
`;
  const goodEntry = `<id>http://news.test/news/a</id>
<title type="text">A</title>
<link rel="alternate" type="text/html" href="http://news.test/news/a"/>
<published>2026-11-27T10:00:00Z</published>
<updated>2026-11-27T10:00:00Z</updated>
<author><name>Jane</name><uri>http://news.test/author/jane</uri></author>
<category term="Politics" scheme="http://news.test/section/"/>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>`;
  const atomOptions = {
    location: 'http://news.test/atom.xml',
    contentType: 'application/atom+xml; charset=utf-8',
  };

  it('passes a clean Atom feed and finds the Atom problems the W3C validator reports', () => {
    const swap = (from: string, to: string, o: { updated2?: string } = {}) =>
      codes('atom', atom(goodEntry.replace(from, to), o), atomOptions);
    expect(codes('atom', atom(goodEntry), atomOptions)).toEqual([]);
    expect(swap('', '', { updated2: '2026-11-27T10:00:00Z' })).toEqual(['warning DuplicateUpdated']);
    expect(swap('http://news.test/news/a</id>', 'http://news.test/news/b</id>')).toEqual([
      'warning DuplicateEntries',
    ]);
    expect(swap('http://news.test/news/a</id>', 'http://News.test/news/%d8%a7</id>')).toEqual([
      'warning NonCanonicalURI',
    ]);
    expect(swap('2026-11-27T10:00:00Z</updated>', '2026-11-27 10:00:00</updated>')).toEqual([
      'error InvalidRFC3339Date',
    ]);
    expect(swap('<title type="text">A</title>', '<title type="text">Use &lt;/b&gt;</title>')).toEqual([
      'warning ContainsUndeclaredHTML',
    ]);
    expect(swap('&lt;p&gt;Body', '&lt;p&gt;&lt;a href="x"&gt;Body&lt;/a&gt;')).toEqual([
      'warning ContainsRelRef',
    ]);
    expect(
      swap('<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>', '<content type="html"></content>'),
    ).toEqual(['warning NotBlank']);
    expect(swap('<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>', '')).toEqual([
      'warning MissingTextualContent',
    ]);
    expect(
      swap('<category term="Politics" scheme="http://news.test/section/"/>', '<category scheme="x"/>'),
    ).toEqual(['error MissingAttribute', 'error InvalidFullLink']);
    expect(
      codes(
        'atom',
        atom(goodEntry).replace(
          '<link rel="self" type="application/atom+xml" href="http://news.test/atom.xml"/>',
          '',
        ),
        atomOptions,
      ),
    ).toEqual(['warning MissingSelf']);
    expect(
      codes('atom', atom(goodEntry).replace('</feed>', '<subtitle>late</subtitle></feed>'), atomOptions),
    ).toEqual(['error MisplacedMetadata']);
    expect(
      codes(
        'atom',
        atom(goodEntry).replace('xml:lang="en"', 'xml:lang="en" xmlns:atom="http://www.w3.org/2005/Atom"'),
        atomOptions,
      ),
    ).toEqual(['warning AvoidNamespacePrefix']);
    expect(codes('atom', atom(goodEntry), { ...atomOptions, contentType: 'application/rss+xml' })).toEqual([
      'warning UnexpectedContentType',
    ]);
  });

  it('checks JSON Feed 1.1 fields and types', () => {
    const jsonOptions = { location: 'http://news.test/feed.json', contentType: 'application/feed+json' };
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'News',
      home_page_url: 'http://news.test/',
      feed_url: 'http://news.test/feed.json',
      authors: [{ name: 'News' }],
      hubs: [{ type: 'WebSub', url: 'http://hub.test/' }],
      items: [
        {
          id: 'http://news.test/news/a',
          url: 'http://news.test/news/a',
          content_html: '<p>Body</p>',
          date_published: '2026-11-27T10:00:00Z',
          tags: ['Politics'],
        },
      ],
    };
    const check = (change: (f: typeof feed & Record<string, unknown>) => void) => {
      const copy = structuredClone(feed) as typeof feed & Record<string, unknown>;
      change(copy);
      return codes('json', JSON.stringify(copy), jsonOptions);
    };
    expect(check(() => {})).toEqual([]);
    expect(check((f) => (f.version = 'https://jsonfeed.org/version/1'))).toEqual(['error JsonFeedVersion']);
    expect(check((f) => delete (f as Partial<typeof feed>).items)).toEqual(['error JsonFeedMissing']);
    expect(check((f) => delete (f as Partial<typeof feed>).title)).toEqual(['error JsonFeedMissing']);
    expect(check((f) => delete (f.items[0] as Partial<(typeof feed.items)[0]>).content_html)).toEqual([
      'error JsonFeedMissing',
    ]);
    expect(check((f) => (f.items[0]!.date_published = '27 Nov 2026'))).toEqual(['error InvalidRFC3339Date']);
    expect(check((f) => (f.items[0]!.url = '/news/a'))).toEqual(['error JsonFeedRelativeUrl']);
    expect(check((f) => (f.items[0]!.content_html = '<a href="/x">x</a>'))).toEqual([
      'warning ContainsRelRef',
    ]);
    expect(check((f) => ((f.items[0] as Record<string, unknown>).id = 7))).toEqual(['error JsonFeedMissing']);
    expect(check((f) => ((f.items[0] as Record<string, unknown>).tags = 'a'))).toEqual([
      'error JsonFeedType',
    ]);
    expect(check((f) => f.items.push(structuredClone(f.items[0]!)))).toEqual(['error JsonFeedDuplicateId']);
    expect(check((f) => (f.author = { name: 'x' }))).toEqual([]);
    expect(check((f) => ((f.author = { name: 'x' }), delete (f as Partial<typeof feed>).authors))).toEqual([
      'warning JsonFeedDeprecated',
    ]);
    expect(codes('json', JSON.stringify(feed), { ...jsonOptions, contentType: 'text/plain' })).toEqual([
      'warning UnexpectedContentType',
    ]);
    expect(check((f) => (f.hubs = [{ type: 'WebSub' } as { type: string; url: string }]))).toEqual([
      'error JsonFeedMissing',
    ]);
    expect(check((f) => (f.feed_url = 'http://news.test/other.json'))).toEqual([
      'warning SelfDoesntMatchLocation',
    ]);
    expect(check((f) => (f.expires = true))).toEqual(['warning JsonFeedUnknownField']);
    expect(codes('json', '{', jsonOptions)).toEqual(['error JsonFeedSyntax']);
  });
});
