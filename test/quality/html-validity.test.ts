import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFixtureSite, type FixtureSite, type SitePages } from './fixture-site.ts';
import { formatVnu, validateHtml } from './vnu.ts';

const CANARY = 'canary (must fail)';

// Every public page type, in both editions, must pass the Nu HTML checker with no errors.
describe('public pages are valid HTML (vnu)', () => {
  let testApp: TestApp;
  let site: FixtureSite;

  beforeAll(async () => {
    testApp = await createTestApp('sqlite');
    site = await createFixtureSite(testApp);
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('has no vnu errors on home, section, tag, author, article, search and 404 pages (en and fa)', async () => {
    const documents: Record<string, string> = {};
    const wrongStatus: string[] = [];
    for (const language of ['en', 'fa'] as const) {
      for (const [kind, url] of Object.entries(site[language]) as [keyof SitePages, string][]) {
        const res = await testApp.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        const expected = kind === 'notFound' ? 404 : 200;
        const type = String(res.headers['content-type'] ?? '');
        if (res.statusCode !== expected || !type.startsWith('text/html')) {
          wrongStatus.push(
            `${language} ${kind} ${url}: ${res.statusCode} ${type} (expected ${expected} text/html)`,
          );
          continue;
        }
        documents[`${language} ${kind} ${url}`] = res.body;
      }
    }
    // A known-bad canary in the same run proves the checker ran and its report was read.
    documents[CANARY] =
      '<!doctype html><html lang="en"><head><title>x</title></head><body><img src="a.png"></body></html>';
    const messages = await validateHtml(documents);
    expect(messages.some((m) => m.page === CANARY)).toBe(true);
    const errors = messages.filter((m) => m.page !== CANARY);
    expect(errors, formatVnu(errors)).toEqual([]);
    expect(wrongStatus).toEqual([]);
  }, 180_000);
});
