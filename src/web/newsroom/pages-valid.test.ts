import { existsSync } from 'node:fs';
import { TOTP, Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testClock, type TestApp } from '../../../test/support/app.ts';
import { NewsroomClient, PASSWORD } from '../../../test/support/newsroom-client.ts';
import { formatVnu, validateHtml, VNU_JAR } from '../../../test/quality/vnu.ts';
import { createUser } from '../../accounts/create-user.ts';
import { execFileSync } from 'node:child_process';

function javaPresent(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every newsroom page of this feature, in its normal and its error states, as served. */
async function collectPages(
  t: TestApp,
  clock: ReturnType<typeof testClock>,
): Promise<Record<string, string>> {
  const pages: Record<string, string> = {};
  const keep = (name: string, res: { statusCode: number; body: string }, status: number) => {
    expect(res.statusCode, name).toBe(status);
    pages[name] = res.body;
  };
  await createUser(t.deps, {
    email: 'admin@example.com',
    role: 'admin',
    password: PASSWORD,
    name: 'Ada Admin',
    actor: null,
  });
  await createUser(t.deps, {
    email: 'writer@example.com',
    role: 'contributor',
    password: PASSWORD,
    name: 'Wren <Writer>',
    actor: null,
  });

  const anon = new NewsroomClient(t);
  keep('sign-in', await anon.get('/admin/sign-in'), 200);
  keep(
    'sign-in failed',
    await anon.post('/admin/sign-in', { email: 'admin@example.com', password: 'wrong password' }),
    401,
  );

  const admin = new NewsroomClient(t);
  await admin.signIn('admin@example.com');
  keep('dashboard', await admin.get('/admin'), 200);
  keep('account', await admin.get('/admin/account'), 200);
  keep(
    'account password error',
    await admin.post('/admin/account/password', { current: 'nope', next: 'x' }),
    422,
  );
  const setup = await admin.get('/admin/account/two-factor');
  keep('two-factor setup', setup, 200);
  keep('two-factor setup error', await admin.post('/admin/account/two-factor', { code: '000000' }), 422);
  const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(setup.body)![1]!.replace(/ /g, '');
  const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: clock().getTime() });
  keep('recovery codes', await admin.post('/admin/account/two-factor', { code }), 200);
  keep('account with two-factor', await admin.get('/admin/account'), 200);
  keep('users', await admin.get('/admin/users'), 200);
  keep(
    'users invite error',
    await admin.post('/admin/users/invite', { email: 'bad', name: '', role: 'author' }),
    422,
  );
  const invite = await admin.post('/admin/users/invite', {
    email: 'new@example.com',
    name: 'New',
    role: 'author',
  });
  keep('users with link', invite, 200);
  keep('settings', await admin.get('/admin/settings'), 200);
  keep(
    'settings errors',
    await admin.post('/admin/settings', { siteName: '', defaultLanguage: 'xx', logoMediaId: 'abc' }),
    422,
  );
  keep('audit', await admin.get('/admin/audit'), 200);
  const reset = await admin.post('/admin/users/2/reset-link', {});
  const resetPath = new URL(/class="secret">([^<]+)</.exec(reset.body)![1]!).pathname;
  const invitePath = new URL(/class="secret">([^<]+)</.exec(invite.body)![1]!).pathname;

  const stranger = new NewsroomClient(t);
  keep('reset form', await stranger.get(resetPath), 200);
  keep('reset form error', await stranger.post(resetPath, { password: 'short' }), 422);
  keep('reset expired', await stranger.get('/admin/reset-password/nope'), 404);
  keep('invitation form', await stranger.get(invitePath), 200);
  keep('invitation error', await stranger.post(invitePath, { name: '', password: 'x' }), 422);
  keep('csrf refused', await stranger.post('/admin/settings', {}, { csrf: null }), 403);

  const second = new NewsroomClient(t);
  await second.signIn('admin@example.com');
  keep('code step', await second.get('/admin/sign-in/code'), 200);
  keep('code step error', await second.post('/admin/sign-in/code', { code: '111111' }), 401);

  const writer = new NewsroomClient(t);
  await writer.signIn('writer@example.com');
  keep('forbidden', await writer.get('/admin/users'), 403);
  keep('writer dashboard', await writer.get('/admin'), 200);
  return pages;
}

const skipVnu = !existsSync(VNU_JAR) || !javaPresent();

describe.skipIf(skipVnu)('newsroom pages are valid HTML (vnu)', () => {
  let t: TestApp;
  let pages: Record<string, string>;
  beforeAll(async () => {
    const clock = testClock();
    t = await createTestApp('sqlite', { clock });
    pages = await collectPages(t, clock);
  }, 60_000);
  afterAll(async () => t?.close());

  it('has no vnu errors on any page', async () => {
    const messages = await validateHtml(pages);
    expect(messages, formatVnu(messages)).toEqual([]);
  }, 120_000);

  it('escapes what users typed', () => {
    expect(pages['users']).toContain('Wren &lt;Writer&gt;');
    expect(pages['users']).not.toContain('Wren <Writer>');
  });
});
