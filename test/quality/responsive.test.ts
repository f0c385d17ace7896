import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowser, startLiveSite, type LiveSite } from '../support/browser.ts';
import { createFixtureSite, type FixtureSite } from './fixture-site.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;

const MODULES = ['latest', 'must-read'] as const;

/** The outermost elements sticking out of the viewport, to name in a failure. */
async function widestElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type El = {
      tagName: string;
      id: string;
      className: unknown;
      parentElement: El | null;
      getBoundingClientRect(): { left: number; right: number; width: number };
    };
    const { document, innerWidth } = globalThis as unknown as {
      document: { querySelectorAll(s: string): El[] };
      innerWidth: number;
    };
    const out = (el: El) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1);
    };
    const name = (el: El) => {
      const r = el.getBoundingClientRect();
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).join('.')}`
          : '';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} [${Math.round(r.left)}..${Math.round(r.right)}]`;
    };
    return [...document.querySelectorAll('body *')]
      .filter((el) => out(el) && !(el.parentElement && out(el.parentElement)))
      .slice(0, 5)
      .map(name);
  });
}

// The article page at phone and desktop widths: both built-in modules visible, every link in
// them answering 200, nothing wider than the screen. Screenshots are saved for people, not compared.
describe.skipIf(skipBrowser)('article page at phone and desktop widths', () => {
  let live: LiveSite;
  let site: FixtureSite;
  let browser: Browser;

  beforeAll(async () => {
    live = await startLiveSite(async (testApp) => {
      site = await createFixtureSite(testApp);
    });
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** Links may be written against BASE_URL (news.test in tests): check them on the live server. */
  function onLiveSite(href: string, pageUrl: string): URL {
    const url = new URL(href, pageUrl);
    const live_ = new URL(live.baseUrl);
    if (url.host !== live_.host) {
      url.protocol = live_.protocol;
      url.host = live_.host;
    }
    return url;
  }

  for (const language of ['en', 'fa'] as const) {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      it(`${language} article at ${name} width (${viewport.width}x${viewport.height})`, async () => {
        const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
        const page = await context.newPage();
        try {
          const url = live.baseUrl + site[language].article;
          const response = await page.goto(url, { waitUntil: 'load' });
          expect(response?.status(), url).toBe(200);
          await page.evaluate(
            () =>
              (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts
                .ready,
          );

          for (const module of MODULES) {
            const section = page.locator(`section[data-module="${module}"]`);
            expect(await section.count(), `${url}: section[data-module="${module}"]`).toBe(1);
            await section.scrollIntoViewIfNeeded();
            expect(await section.isVisible(), `${url}: ${module} visible`).toBe(true);
            const heading = section.locator('h2, h3').first();
            expect(await heading.isVisible(), `${url}: ${module} has a visible heading`).toBe(true);

            const hrefs = await section
              .locator('a[href]')
              .evaluateAll((links) =>
                links.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')),
              );
            expect(hrefs.length, `${url}: ${module} has links`).toBeGreaterThan(0);
            for (const href of new Set(hrefs)) {
              const target = onLiveSite(href, page.url());
              const res = await fetch(target, { redirect: 'follow' });
              expect(res.status, `${module} link ${href} from ${url}`).toBe(200);
            }
          }

          await page.screenshot({ path: `${SCREENSHOTS}article-${language}-${name}.png`, fullPage: true });

          // Nothing forces sideways scrolling (the usual phone-layout failure).
          const overflow = await page.evaluate(() => {
            const { document, innerWidth } = globalThis as unknown as {
              document: { documentElement: { scrollWidth: number } };
              innerWidth: number;
            };
            return document.documentElement.scrollWidth - innerWidth;
          });
          const culprits = overflow > 0 ? await widestElements(page) : [];
          expect(
            overflow,
            `${url}: page is wider than a ${viewport.width}px screen; widest: ${culprits.join(', ')}`,
          ).toBeLessThanOrEqual(0);
        } finally {
          await context.close();
        }
      });
    }
  }
});
