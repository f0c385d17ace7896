import { createRequire } from 'node:module';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowser, startLiveSite, type LiveSite } from '../support/browser.ts';
import { createFixtureSite, type FixtureSite, type SitePages } from './fixture-site.ts';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

const PAGE_KINDS: (keyof SitePages)[] = ['home', 'section', 'tag', 'author', 'article'];

function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}`).join('\n')}`,
    )
    .join('\n');
}

// axe-core in real Chromium (so colour contrast and visibility are computed), LTR and RTL.
describe.skipIf(skipBrowser)('public pages have no axe-core violations', () => {
  let live: LiveSite;
  let site: FixtureSite;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    live = await startLiveSite(async (testApp) => {
      site = await createFixtureSite(testApp);
    });
    browser = await launchBrowser();
    // The site's CSP forbids inline scripts; the injected axe script is a test tool, not the page's.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await live?.close();
  });

  for (const language of ['en', 'fa'] as const) {
    for (const kind of PAGE_KINDS) {
      it(`${language} ${kind} page`, async () => {
        const page = await context.newPage();
        try {
          const url = live.baseUrl + site[language][kind];
          const response = await page.goto(url, { waitUntil: 'load' });
          expect(response?.status(), url).toBe(200);
          expect(await page.getAttribute('html', 'dir')).toBe(language === 'fa' ? 'rtl' : 'ltr');
          await page.addScriptTag({ path: AXE_PATH });
          const violations = await page.evaluate(async () => {
            const { axe } = globalThis as unknown as {
              axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
            };
            const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
              resultTypes: ['violations'],
            });
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
            }));
          });
          expect(violations, `${url}\n${describeViolations(violations)}`).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }
});
