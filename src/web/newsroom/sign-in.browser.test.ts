import { createRequire } from 'node:module';
import { TOTP, Secret } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowser, startLiveSite, type LiveSite } from '../../../test/support/browser.ts';
import { PASSWORD } from '../../../test/support/newsroom-client.ts';
import { createUser } from '../../accounts/create-user.ts';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

async function axeViolations(page: Page): Promise<string> {
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
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}`).join('\n')}`,
    )
    .join('\n');
}

function code(secret: string, offsetMs = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetMs });
}

// A real browser through the whole two-factor journey, checking every page it meets with axe-core.
describe.skipIf(skipBrowser)('newsroom sign-in with two-factor in a browser', () => {
  let live: LiveSite;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    live = await startLiveSite(async (t) => {
      await createUser(t.deps, {
        email: 'editor@example.com',
        role: 'admin',
        password: PASSWORD,
        name: 'Eda Editor',
        actor: null,
      });
    });
    browser = await launchBrowser();
    // The CSP forbids inline scripts; the injected axe script is a test tool, not the page's.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await live?.close();
  });

  it('enrols TOTP, signs out, and signs in again with a code and then with a recovery code', async () => {
    const page = await context.newPage();
    const checked: Record<string, string> = {};
    const check = async (name: string) => {
      checked[name] = await axeViolations(page);
    };

    await page.goto(`${live.baseUrl}/admin/account`);
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await check('sign-in');
    // Keyboard only: type, tab, enter.
    await page.getByLabel('Email address').fill('editor@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/account$/);
    await check('account');

    await page.getByRole('link', { name: 'Set up two-factor sign-in' }).click();
    await page.waitForURL(/\/admin\/account\/two-factor$/);
    await check('two-factor setup');
    const qr = page.locator('img.qr');
    expect(await qr.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    await check('two-factor setup error');
    await page.getByLabel('Code from the app').fill(code(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await check('recovery codes');
    const recovery = await page.locator('ol.codes li').allInnerTexts();
    expect(recovery).toHaveLength(10);

    for (const name of [
      '/admin',
      '/admin/users',
      '/admin/settings',
      '/admin/audit',
      '/admin/api-keys',
      '/admin/webhooks',
    ]) {
      await page.goto(`${live.baseUrl}${name}`);
      await check(name);
    }

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in\?done=signed-out$/);
    await page.getByLabel('Email address').fill('editor@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/sign-in\/code/);
    await check('code step');
    // The enrolment code's time step is spent; the next step's code is accepted (one step of drift).
    await page.getByLabel('Code').fill(code(secret, 30_000));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/admin$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Newsroom', level: 1 }).count()).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill('editor@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/sign-in\/code/);
    await page.getByLabel('Code').fill(recovery[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/admin\/account\?done=recovery-used$/);
    expect(await page.locator('.notice').innerText()).toMatch(/recovery code/);
    expect(await page.getByText('You have 9 unused recovery codes.', { exact: false }).count()).toBe(1);

    const failures = Object.entries(checked).filter(([, v]) => v !== '');
    expect(failures.map(([k, v]) => `${k}:\n${v}`).join('\n')).toBe('');
    await page.close();
  }, 120_000);
});
