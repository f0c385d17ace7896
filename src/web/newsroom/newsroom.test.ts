import { TOTP, Secret } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, testClock, type TestApp } from '../../../test/support/app.ts';
import { DIALECTS } from '../../../test/support/databases.ts';
import { createUser } from '../../accounts/create-user.ts';
import { POLICY } from '../../accounts/deps.ts';
import type { Role } from '../../domain/permissions.ts';
import { NewsroomClient as Client, PASSWORD } from '../../../test/support/newsroom-client.ts';

function codeFor(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at.getTime(),
  });
}

for (const dialect of DIALECTS) {
  describe(`newsroom over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let clock: ReturnType<typeof testClock>;
    const users: Record<string, number> = {};

    beforeEach(async () => {
      clock = testClock();
      t = await createTestApp(dialect, { clock });
      for (const role of ['contributor', 'author', 'editor', 'admin'] as Role[]) {
        users[role] = (
          await createUser(t.deps, {
            email: `${role}@example.com`,
            role,
            password: PASSWORD,
            name: `The ${role}`,
            actor: null,
          })
        ).id;
      }
    });
    afterEach(async () => t.close());

    it('signs in with safe cookies, returns to the page asked for, and signs out', async () => {
      const browser = new Client(t);
      const first = await browser.get('/admin/users');
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Fusers');
      const res = await browser.signIn('admin@example.com', PASSWORD, '/admin/users');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/users');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/bs_session=[\w-]{43};/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\/admin/);
      expect(cookie).not.toMatch(/Secure/);
      const page = await browser.get('/admin/users');
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      // Never leaves the newsroom: an outside `next` is ignored.
      const other = new Client(t);
      expect(
        (await other.signIn('admin@example.com', PASSWORD, 'https://evil.example/')).headers.location,
      ).toBe('/admin');
      expect(
        (await other.signIn('admin@example.com', PASSWORD, '//evil.example/admin')).headers.location,
      ).toBe('/admin');

      expect((await browser.post('/admin/sign-out', {})).headers.location).toBe(
        '/admin/sign-in?done=signed-out',
      );
      expect((await browser.get('/admin')).statusCode).toBe(303);
    });

    it('rotates the session id at sign-in', async () => {
      const browser = new Client(t);
      await browser.signIn('author@example.com');
      const before = browser.cookies.get('bs_session');
      const stolen = new Client(t);
      stolen.cookies.set('bs_session', before!);
      await browser.signIn('author@example.com');
      expect(browser.cookies.get('bs_session')).not.toBe(before);
      expect((await stolen.get('/admin')).statusCode).toBe(303);
    });

    it('answers identically for an unknown account and a wrong password', async () => {
      const browser = new Client(t);
      const wrong = await browser.signIn('editor@example.com', 'not the password');
      const unknown = await browser.signIn('nobody@example.com', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(wrong.statusCode);
      expect(unknown.body.replace('nobody@example.com', 'X')).toBe(
        wrong.body.replace('editor@example.com', 'X'),
      );
      expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
      // What was typed is kept.
      expect(wrong.body).toContain('value="editor@example.com"');
    });

    it('backs off after repeated failures, then lets the right password in', async () => {
      const browser = new Client(t);
      let res;
      for (let i = 0; i < POLICY.accountFreeFailures; i++)
        res = await browser.signIn('editor@example.com', 'wrong password');
      expect(res!.statusCode).toBe(429);
      expect(Number(res!.headers['retry-after'])).toBe(30);
      expect((await browser.signIn('editor@example.com')).statusCode).toBe(429);
      clock.advance(31_000);
      expect((await browser.signIn('editor@example.com')).statusCode).toBe(303);
    });

    it('refuses state-changing requests without the CSRF token', async () => {
      const browser = new Client(t);
      await browser.signIn('admin@example.com');
      await browser.get('/admin/settings');
      expect(
        (
          await browser.post(
            '/admin/settings',
            { siteName: 'Hijacked', defaultLanguage: 'en', logoMediaId: '' },
            { csrf: null },
          )
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await browser.post(
            '/admin/settings',
            { siteName: 'Hijacked', defaultLanguage: 'en', logoMediaId: '' },
            { csrf: 'x'.repeat(43) },
          )
        ).statusCode,
      ).toBe(403);
      const crossSite = await browser.post(
        '/admin/settings',
        { siteName: 'Hijacked', defaultLanguage: 'en', logoMediaId: '' },
        { headers: { origin: 'https://evil.example' } },
      );
      expect(crossSite.statusCode).toBe(403);
      expect(await t.deps.repos.settings.get('site_name')).toBeUndefined();
      // Signing out needs the token too (no forced sign-out by another site).
      expect((await browser.post('/admin/sign-out', {}, { csrf: null })).statusCode).toBe(403);
      // The sign-in form needs its double-submit token (no login CSRF).
      const stranger = new Client(t);
      expect(
        (
          await stranger.post(
            '/admin/sign-in',
            { email: 'admin@example.com', password: PASSWORD },
            { csrf: null },
          )
        ).statusCode,
      ).toBe(403);
      // With the token it works.
      const ok = await browser.post('/admin/settings', {
        siteName: 'The Daily',
        defaultLanguage: 'fa',
        logoMediaId: '',
      });
      expect(ok.statusCode).toBe(303);
      expect(await t.deps.repos.settings.get('site_name')).toBe('The Daily');
    });

    it('ends idle sessions and sessions past the absolute limit', async () => {
      const browser = new Client(t);
      await browser.signIn('author@example.com');
      clock.advance(POLICY.sessionIdleMs - 60_000);
      expect((await browser.get('/admin')).statusCode).toBe(200);
      clock.advance(POLICY.sessionIdleMs + 1000);
      expect((await browser.get('/admin')).statusCode).toBe(303);

      await browser.signIn('author@example.com');
      const steps = Math.ceil(POLICY.sessionAbsoluteMs / (POLICY.sessionIdleMs / 2));
      let last = 200;
      for (let i = 0; i < steps; i++) {
        clock.advance(POLICY.sessionIdleMs / 2);
        last = (await browser.get('/admin')).statusCode;
      }
      expect(last).toBe(303);
    });

    it('enrols two-factor sign-in with a server-rendered QR code and signs in with TOTP and recovery codes', async () => {
      const browser = new Client(t);
      await browser.signIn('editor@example.com');
      const setup = await browser.get('/admin/account/two-factor');
      expect(setup.statusCode).toBe(200);
      expect(setup.body).toMatch(/<img\s+class="qr"\s+src="data:image\/svg\+xml;base64,/);
      const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(setup.body)![1]!.replace(/ /g, '');
      const wrong = await browser.post('/admin/account/two-factor', { code: '000000' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain('aria-invalid="true"');
      const enabled = await browser.post('/admin/account/two-factor', { code: codeFor(secret, clock()) });
      expect(enabled.statusCode).toBe(200);
      const codes = [
        ...enabled.body.matchAll(/<li>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})<\/li>/g),
      ].map((m) => m[1]!);
      expect(codes).toHaveLength(10);

      const phone = new Client(t);
      const step1 = await phone.signIn('editor@example.com');
      expect(step1.statusCode).toBe(303);
      expect(step1.headers.location).toMatch(/^\/admin\/sign-in\/code/);
      expect(phone.cookies.has('bs_session')).toBe(false);
      // The pending step grants nothing.
      expect((await phone.get('/admin')).statusCode).toBe(303);
      await phone.get('/admin/sign-in/code');
      expect((await phone.post('/admin/sign-in/code', { code: '123456' })).statusCode).toBe(401);
      clock.advance(30_000);
      const step2 = await phone.post('/admin/sign-in/code', { code: codeFor(secret, clock()) });
      expect(step2.statusCode).toBe(303);
      expect((await phone.get('/admin')).statusCode).toBe(200);

      // A recovery code works once.
      for (const expected of [303, 401]) {
        const laptop = new Client(t);
        await laptop.signIn('editor@example.com');
        await laptop.get('/admin/sign-in/code');
        expect((await laptop.post('/admin/sign-in/code', { code: codes[0]! })).statusCode).toBe(expected);
      }
      const auditPage = new Client(t);
      await auditPage.signIn('admin@example.com');
      const log = await auditPage.get('/admin/audit');
      for (const action of [
        'totp.enabled',
        'auth.sign-in',
        'auth.recovery-code-used',
        'auth.second-factor-failed',
      ]) {
        expect(log.body).toContain(`>${action}<`);
      }
    });

    it('issues single-use, expiring password reset links', async () => {
      const admin = new Client(t);
      await admin.signIn('admin@example.com');
      await admin.get('/admin/users');
      const issued = await admin.post(`/admin/users/${users.author}/reset-link`, {});
      expect(issued.statusCode).toBe(200);
      const path = new URL(/class="secret">([^<]+)</.exec(issued.body)![1]!).pathname;
      const author = new Client(t);
      expect((await author.get(path)).statusCode).toBe(200);
      const short = await author.post(path, { password: 'short' });
      expect(short.statusCode).toBe(422);
      const done = await author.post(path, { password: 'a fresh new password' });
      expect(done.statusCode).toBe(303);
      expect((await author.get(path)).statusCode).toBe(404);
      expect((await author.post(path, { password: 'another new password' })).statusCode).toBe(404);
      expect((await author.signIn('author@example.com', 'a fresh new password')).statusCode).toBe(303);

      await admin.get('/admin/users');
      const later = await admin.post(`/admin/users/${users.author}/reset-link`, {});
      const laterPath = new URL(/class="secret">([^<]+)</.exec(later.body)![1]!).pathname;
      clock.advance(POLICY.resetTokenMs + 1000);
      expect((await new Client(t).get(laterPath)).statusCode).toBe(404);
    });

    it('invites by link and signs the new person in with the invited role', async () => {
      const admin = new Client(t);
      await admin.signIn('admin@example.com');
      await admin.get('/admin/users');
      const bad = await admin.post('/admin/users/invite', {
        email: 'not-an-email',
        name: 'Nia',
        role: 'author',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('value="not-an-email"');
      const taken = await admin.post('/admin/users/invite', {
        email: 'editor@example.com',
        name: '',
        role: 'author',
      });
      expect(taken.statusCode).toBe(409);
      const res = await admin.post('/admin/users/invite', {
        email: 'nia@example.com',
        name: 'Nia',
        role: 'author',
      });
      expect(res.statusCode).toBe(200);
      const path = new URL(/class="secret">([^<]+)</.exec(res.body)![1]!).pathname;
      const nia = new Client(t);
      const form = await nia.get(path);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('nia@example.com');
      const joined = await nia.post(path, { name: 'Nia N.', password: 'nia has a good password' });
      expect(joined.statusCode).toBe(303);
      const home = await nia.get('/admin');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('<strong>author</strong>');
      expect((await new Client(t).get(path)).statusCode).toBe(404);
    });

    it('refuses a contributor the admin pages and actions', async () => {
      const browser = new Client(t);
      await browser.signIn('contributor@example.com');
      const home = await browser.get('/admin');
      expect(home.statusCode).toBe(200);
      expect(home.body).not.toContain('href="/admin/users"');
      for (const url of ['/admin/users', '/admin/settings', '/admin/audit'])
        expect((await browser.get(url)).statusCode).toBe(403);
      for (const url of [
        '/admin/users/invite',
        `/admin/users/${users.contributor}/role`,
        '/admin/settings',
      ]) {
        expect(
          (
            await browser.post(url, {
              email: 'x@example.com',
              role: 'admin',
              siteName: 'x',
              defaultLanguage: 'en',
            })
          ).statusCode,
        ).toBe(403);
      }
      expect((await t.deps.repos.users.byId(users.contributor!))?.role).toBe('contributor');
      const json = await t.app.inject({
        url: '/admin/users',
        headers: { cookie: `bs_session=${browser.cookies.get('bs_session')}`, accept: 'application/json' },
      });
      expect(json.statusCode).toBe(403);
      expect(json.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    });

    it('manages roles and access, keeps one admin, and validates settings inline', async () => {
      const admin = new Client(t);
      await admin.signIn('admin@example.com');
      await admin.get('/admin/users');
      expect((await admin.post(`/admin/users/${users.author}/role`, { role: 'editor' })).statusCode).toBe(
        303,
      );
      expect((await t.deps.repos.users.byId(users.author!))?.role).toBe('editor');
      expect((await admin.post(`/admin/users/${users.admin}/role`, { role: 'author' })).statusCode).toBe(409);
      expect((await admin.post(`/admin/users/${users.author}/role`, { role: 'root' })).statusCode).toBe(422);
      expect((await admin.post('/admin/users/9999/role', { role: 'author' })).statusCode).toBe(404);

      const victim = new Client(t);
      await victim.signIn('editor@example.com');
      expect((await admin.post(`/admin/users/${users.editor}/disable`, {})).statusCode).toBe(303);
      expect((await victim.get('/admin')).statusCode).toBe(303);
      expect((await victim.signIn('editor@example.com')).statusCode).toBe(401);
      expect((await admin.post(`/admin/users/${users.editor}/enable`, {})).statusCode).toBe(303);
      expect((await victim.signIn('editor@example.com')).statusCode).toBe(303);

      await admin.get('/admin/settings');
      const bad = await admin.post('/admin/settings', {
        siteName: '',
        defaultLanguage: 'de',
        logoMediaId: '12',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('value="12"');
      expect(bad.body.match(/aria-invalid="true"/g)).toHaveLength(3);
      expect(await t.deps.repos.settings.get('default_language')).toBeUndefined();
      const audit = await admin.get('/admin/audit');
      expect(audit.body).toContain('>user.role-changed<');
      expect(audit.body).toContain('>user.disabled<');
    });
  });
}
