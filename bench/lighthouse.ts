// `npm run lighthouse`: Lighthouse 12.2.3 (mobile, its default) on an article page of the demo site,
// served on 127.0.0.1 from a fresh SQLite database in /tmp, audited in Debian's Chromium.
// Prints the four category scores and the audits that cost points; the full report goes to
// test-results/lighthouse-article.json.  LIGHTHOUSE_PATH=/some/page audits another page.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { compose } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createDemoSite } from '../src/demo/demo-site.ts';
import { articlePath } from '../src/web/site/paths.ts';
import { buildApp } from '../src/web/app.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/support/browser.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-lighthouse-'));
const config = loadConfig({}, { dataDir, databaseUrl: `sqlite:${dataDir}/site.db`, logLevel: 'warn' });
const deps = await compose(config);
await createDemoSite(deps);
const app = await buildApp(deps);
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// A typical story: recent, with a featured image, modules and (often) a translation.
const recent = await deps.repos.articles.latest('en', deps.clock().toISOString(), { limit: 5 });
const path = process.env.LIGHTHOUSE_PATH ?? articlePath('en', recent[recent.length - 1]!.slug);
const url = base + path;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? CHROMIUM_PATH,
  chromeFlags: [...CHROMIUM_FLAGS],
});
let exitCode = 0;
try {
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
  if (!result) throw new Error('Lighthouse returned no result');
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  console.log(`Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${url}`);
  for (const category of Object.values(lhr.categories)) {
    const score = category.score === null ? 'n/a' : String(Math.round(category.score * 100));
    console.log(`${category.title.padEnd(16)} ${score.padStart(3)}`);
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      const value = audit.displayValue ? ` (${audit.displayValue})` : '';
      console.log(
        `    ${String(Math.round(audit.score * 100)).padStart(3)}  ${ref.id}: ${audit.title}${value}`,
      );
    }
  }
  const out = new URL('../test-results/', import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL('lighthouse-article.json', out), JSON.stringify(lhr, null, 2));
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  chrome.kill();
  await app.close();
  await deps.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
