import { randomBytes } from 'node:crypto';
import { TOTP, Secret } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createRepos } from '../db/repositories/index.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { acceptInvitation, findInvitation } from './accept-invitation.ts';
import { changePassword } from './change-password.ts';
import { changeRole, setUserDisabled } from './change-role.ts';
import { createUser } from './create-user.ts';
import type { AccountsDeps } from './deps.ts';
import { POLICY } from './deps.ts';
import { disableTotp } from './disable-totp.ts';
import { beginTotpEnrolment, confirmTotpEnrolment } from './enrol-totp.ts';
import { ensureDemoAdmin } from './ensure-demo-admin.ts';
import { inviteUser } from './invite-user.ts';
import { regenerateRecoveryCodes } from './recovery-codes.ts';
import { findPasswordReset, issuePasswordReset, resetPassword } from './reset-password.ts';
import { createSecretBox } from './secret-box.ts';
import { resolveSession } from './session-store.ts';
import { signIn } from './sign-in.ts';
import { signOutEverywhere } from './sign-out.ts';
import { verifySecondFactor } from './verify-totp.ts';

const PASSWORD = 'correct horse battery';

function codeFor(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at.getTime(),
  });
}

async function errorOf(promise: Promise<unknown>): Promise<BroadsheetError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BroadsheetError) return error;
    throw error;
  }
  throw new Error('expected a BroadsheetError');
}

for (const dialect of DIALECTS) {
  describe(`account services on ${dialect}`, () => {
    let test: TestDatabase;
    let clock: ReturnType<typeof testClock>;
    let deps: AccountsDeps;

    beforeEach(async () => {
      test = await freshDatabase(dialect);
      await migrateToLatest(test.adapter);
      clock = testClock();
      deps = { database: test.adapter, clock, secrets: createSecretBox(randomBytes(32)) };
    });
    afterEach(async () => test.drop());

    const audits = async () =>
      (await createRepos(test.adapter.db).audit.page({ limit: 100 })).map((e) => e.action).reverse();

    it('creates users with argon2id hashes and refuses duplicates and bad input', async () => {
      const user = await createUser(deps, {
        email: ' Ana@Example.COM ',
        role: 'editor',
        password: PASSWORD,
        name: 'Ana',
        actor: null,
      });
      expect(user.email).toBe('ana@example.com');
      expect(user.password_hash).toMatch(/^\$argon2id\$/);
      expect(
        (
          await errorOf(
            createUser(deps, { email: 'ana@example.com', role: 'author', password: PASSWORD, actor: null }),
          )
        ).code,
      ).toBe('CONFLICT');
      expect(
        (await errorOf(createUser(deps, { email: 'nope', role: 'author', password: PASSWORD, actor: null })))
          .fields.email,
      ).toBeTruthy();
      expect(
        (
          await errorOf(
            createUser(deps, { email: 'b@example.com', role: 'root', password: PASSWORD, actor: null }),
          )
        ).fields.role,
      ).toBeTruthy();
      expect(
        (
          await errorOf(
            createUser(deps, { email: 'b@example.com', role: 'author', password: 'short', actor: null }),
          )
        ).code,
      ).toBe('VALIDATION');
      expect(await audits()).toEqual(['user.created']);
    });

    it('signs in, answers alike for unknown accounts and wrong passwords, and backs off', async () => {
      await createUser(deps, { email: 'ana@example.com', role: 'editor', password: PASSWORD, actor: null });
      const ok = await signIn(deps, {
        email: 'ANA@example.com',
        password: PASSWORD,
        address: '198.51.100.7',
      });
      expect(ok.kind).toBe('signed-in');
      const wrong = await signIn(deps, {
        email: 'ana@example.com',
        password: 'wrong password',
        address: '198.51.100.7',
      });
      const unknown = await signIn(deps, {
        email: 'nobody@example.com',
        password: 'wrong password',
        address: '198.51.100.7',
      });
      expect(wrong).toEqual(unknown);
      expect(wrong).toEqual({ kind: 'refused', reason: 'invalid', retryAfterSeconds: 0 });

      // The per-account back-off starts after the free failures and grows.
      for (let i = 1; i < POLICY.accountFreeFailures - 1; i++)
        await signIn(deps, { email: 'ana@example.com', password: 'x', address: `203.0.113.${i}` });
      const locked = await signIn(deps, { email: 'ana@example.com', password: 'x', address: '203.0.113.99' });
      expect(locked).toMatchObject({ kind: 'refused', reason: 'throttled', retryAfterSeconds: 30 });
      // Even the right password is refused while locked.
      expect((await signIn(deps, { email: 'ana@example.com', password: PASSWORD })).kind).toBe('refused');
      clock.advance(31_000);
      const again = await signIn(deps, { email: 'ana@example.com', password: 'x' });
      expect(again).toMatchObject({ reason: 'throttled', retryAfterSeconds: 60 });
      clock.advance(61_000);
      expect((await signIn(deps, { email: 'ana@example.com', password: PASSWORD })).kind).toBe('signed-in');
      // Success clears the account counter.
      expect(await signIn(deps, { email: 'ana@example.com', password: 'x' })).toMatchObject({
        reason: 'invalid',
      });

      // Unknown accounts are locked exactly the same way.
      const ghost = [];
      for (let i = 0; i < POLICY.accountFreeFailures; i++)
        ghost.push(await signIn(deps, { email: 'ghost@example.com', password: 'x' }));
      expect(ghost.at(-1)).toMatchObject({ reason: 'throttled', retryAfterSeconds: 30 });

      // No raw address or email is stored in the throttle table.
      const rows = await test.adapter.db.selectFrom('login_throttle').selectAll().execute();
      expect(JSON.stringify(rows)).not.toMatch(/198\.51|203\.0|ana@|ghost@/);
      const actions = await audits();
      expect(actions).toContain('auth.lockout');
      expect(actions).toContain('auth.sign-in-failed');
    });

    it('backs off per address across many accounts', async () => {
      let last;
      for (let i = 0; i < POLICY.addressFreeFailures; i++) {
        last = await signIn(deps, { email: `user${i}@example.com`, password: 'x', address: '192.0.2.1' });
      }
      expect(last).toMatchObject({ reason: 'throttled' });
      expect(
        await signIn(deps, { email: 'fresh@example.com', password: 'x', address: '192.0.2.2' }),
      ).toMatchObject({ reason: 'invalid' });
    });

    it('refuses disabled accounts the same way and ends their sessions', async () => {
      const admin = await createUser(deps, {
        email: 'admin@example.com',
        role: 'admin',
        password: PASSWORD,
        actor: null,
      });
      const ana = await createUser(deps, {
        email: 'ana@example.com',
        role: 'author',
        password: PASSWORD,
        actor: null,
      });
      const signedIn = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (signedIn.kind !== 'signed-in') throw new Error('sign-in failed');
      await setUserDisabled(deps, { userId: ana.id, disabled: true, actor: admin });
      expect(await resolveSession(deps, signedIn.token)).toBeNull();
      expect(await signIn(deps, { email: 'ana@example.com', password: PASSWORD })).toEqual({
        kind: 'refused',
        reason: 'invalid',
        retryAfterSeconds: 0,
      });
      // The last admin can be neither disabled nor demoted.
      expect(
        (await errorOf(setUserDisabled(deps, { userId: admin.id, disabled: true, actor: admin }))).code,
      ).toBe('CONFLICT');
      expect((await errorOf(changeRole(deps, { userId: admin.id, role: 'editor', actor: admin }))).code).toBe(
        'CONFLICT',
      );
      await changeRole(deps, { userId: ana.id, role: 'admin', actor: admin });
      await setUserDisabled(deps, { userId: ana.id, disabled: false, actor: admin });
      await changeRole(deps, { userId: admin.id, role: 'editor', actor: admin });
      expect((await createRepos(test.adapter.db).users.byId(admin.id))?.role).toBe('editor');
      expect(await audits()).toEqual(
        expect.arrayContaining(['user.disabled', 'user.enabled', 'user.role-changed']),
      );
    });

    it('expires sessions when idle and at the absolute limit, and signs out everywhere', async () => {
      await createUser(deps, { email: 'ana@example.com', role: 'author', password: PASSWORD, actor: null });
      const first = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (first.kind !== 'signed-in') throw new Error('sign-in failed');
      expect(await resolveSession(deps, first.token)).not.toBeNull();
      clock.advance(POLICY.sessionIdleMs + 1000);
      expect(await resolveSession(deps, first.token)).toBeNull();

      const second = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (second.kind !== 'signed-in') throw new Error('sign-in failed');
      // Kept alive by use, it still dies at the absolute limit.
      for (let t = 0; t < POLICY.sessionAbsoluteMs; t += POLICY.sessionIdleMs / 2) {
        clock.advance(POLICY.sessionIdleMs / 2);
        if (t + POLICY.sessionIdleMs / 2 < POLICY.sessionAbsoluteMs)
          expect(await resolveSession(deps, second.token)).not.toBeNull();
      }
      expect(await resolveSession(deps, second.token)).toBeNull();

      const a = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      const b = await signIn(deps, {
        email: 'ana@example.com',
        password: PASSWORD,
        ...(a.kind === 'signed-in' ? { previousToken: a.token } : {}),
      });
      if (a.kind !== 'signed-in' || b.kind !== 'signed-in') throw new Error('sign-in failed');
      // Rotation: signing in again ends the session the browser had.
      expect(await resolveSession(deps, a.token)).toBeNull();
      const c = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (c.kind !== 'signed-in') throw new Error('sign-in failed');
      expect(await signOutEverywhere(deps, { userId: c.user.id, actor: c.user, keepToken: c.token })).toBe(1);
      expect(await resolveSession(deps, b.token)).toBeNull();
      expect(await resolveSession(deps, c.token)).not.toBeNull();
      // Sessions are stored hashed.
      const ids = (await test.adapter.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
      expect(ids).not.toContain(c.token);
    });

    it('enrols TOTP, signs in with a code once, and with each recovery code once', async () => {
      const ana = await createUser(deps, {
        email: 'ana@example.com',
        role: 'author',
        password: PASSWORD,
        actor: null,
      });
      const enrolment = await beginTotpEnrolment(deps, { userId: ana.id, issuer: 'Broadsheet' });
      expect(enrolment.qr).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(enrolment.uri).toContain('otpauth://totp/');
      // The secret is not stored in the clear.
      const stored = await createRepos(test.adapter.db).users.byId(ana.id);
      expect(stored?.totp_secret).not.toContain(enrolment.secret);
      expect((await beginTotpEnrolment(deps, { userId: ana.id, issuer: 'Broadsheet' })).secret).toBe(
        enrolment.secret,
      );

      expect(
        (await errorOf(confirmTotpEnrolment(deps, { userId: ana.id, code: '000000', actor: ana }))).fields
          .code,
      ).toBeTruthy();
      const codes = await confirmTotpEnrolment(deps, {
        userId: ana.id,
        code: codeFor(enrolment.secret, clock()),
        actor: ana,
      });
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);

      const step1 = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (step1.kind !== 'second-factor') throw new Error('expected the second step');
      // A pending session grants nothing.
      expect(await resolveSession(deps, step1.pendingToken)).toBeNull();
      // The code used to confirm enrolment cannot be replayed.
      expect(
        await verifySecondFactor(deps, {
          pendingToken: step1.pendingToken,
          code: codeFor(enrolment.secret, clock()),
        }),
      ).toMatchObject({ reason: 'invalid' });
      clock.advance(30_000);
      const ok = await verifySecondFactor(deps, {
        pendingToken: step1.pendingToken,
        code: codeFor(enrolment.secret, clock()),
      });
      expect(ok.kind).toBe('signed-in');
      // The pending session is spent.
      expect(
        await verifySecondFactor(deps, {
          pendingToken: step1.pendingToken,
          code: codeFor(enrolment.secret, clock()),
        }),
      ).toMatchObject({ reason: 'expired' });

      const step2 = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (step2.kind !== 'second-factor') throw new Error('expected the second step');
      const viaRecovery = await verifySecondFactor(deps, {
        pendingToken: step2.pendingToken,
        code: codes[0]!.toUpperCase().replace(/-/g, ' '),
      });
      expect(viaRecovery).toMatchObject({ kind: 'signed-in', usedRecoveryCode: true, recoveryCodesLeft: 9 });
      const step3 = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (step3.kind !== 'second-factor') throw new Error('expected the second step');
      expect(
        await verifySecondFactor(deps, { pendingToken: step3.pendingToken, code: codes[0]! }),
      ).toMatchObject({ reason: 'invalid' });

      const fresh = await regenerateRecoveryCodes(deps, { userId: ana.id, actor: ana });
      expect(
        await verifySecondFactor(deps, { pendingToken: step3.pendingToken, code: codes[1]! }),
      ).toMatchObject({ reason: 'invalid' });
      expect(
        await verifySecondFactor(deps, { pendingToken: step3.pendingToken, code: fresh[0]! }),
      ).toMatchObject({ kind: 'signed-in' });

      expect(
        (await errorOf(disableTotp(deps, { userId: ana.id, actor: ana, password: 'wrong password' }))).code,
      ).toBe('VALIDATION');
      await disableTotp(deps, { userId: ana.id, actor: ana, password: PASSWORD });
      expect((await signIn(deps, { email: 'ana@example.com', password: PASSWORD })).kind).toBe('signed-in');
      expect(await audits()).toEqual(
        expect.arrayContaining([
          'totp.enabled',
          'auth.second-factor-failed',
          'auth.recovery-code-used',
          'recovery-codes.regenerated',
          'totp.disabled',
        ]),
      );
    });

    it('resets passwords with single-use, expiring tokens', async () => {
      const ana = await createUser(deps, {
        email: 'ana@example.com',
        role: 'author',
        password: PASSWORD,
        actor: null,
      });
      const before = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      const issued = await issuePasswordReset(deps, { email: 'ana@example.com', actor: null });
      expect(issued.path).toBe(`/admin/reset-password/${issued.token}`);
      expect((await findPasswordReset(deps, issued.token))?.id).toBe(ana.id);
      expect((await errorOf(resetPassword(deps, { token: issued.token, password: 'short' }))).code).toBe(
        'VALIDATION',
      );
      await resetPassword(deps, { token: issued.token, password: 'a brand new password' });
      expect(
        (await errorOf(resetPassword(deps, { token: issued.token, password: 'another new password' }))).code,
      ).toBe('NOT_FOUND');
      if (before.kind === 'signed-in') expect(await resolveSession(deps, before.token)).toBeNull();
      expect((await signIn(deps, { email: 'ana@example.com', password: 'a brand new password' })).kind).toBe(
        'signed-in',
      );

      const late = await issuePasswordReset(deps, { userId: ana.id, actor: null });
      const newer = await issuePasswordReset(deps, { userId: ana.id, actor: null });
      expect(await findPasswordReset(deps, late.token)).toBeNull();
      clock.advance(POLICY.resetTokenMs + 1);
      expect(
        (await errorOf(resetPassword(deps, { token: newer.token, password: 'yet another password' }))).code,
      ).toBe('NOT_FOUND');
      expect(
        (await errorOf(issuePasswordReset(deps, { email: 'nobody@example.com', actor: null }))).code,
      ).toBe('NOT_FOUND');
      expect(await audits()).toEqual(expect.arrayContaining(['password.reset-issued', 'password.reset']));
    });

    it('changes passwords, ending other sessions', async () => {
      const ana = await createUser(deps, {
        email: 'ana@example.com',
        role: 'author',
        password: PASSWORD,
        actor: null,
      });
      const a = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      const b = await signIn(deps, { email: 'ana@example.com', password: PASSWORD });
      if (a.kind !== 'signed-in' || b.kind !== 'signed-in') throw new Error('sign-in failed');
      expect(
        (
          await errorOf(
            changePassword(deps, {
              userId: ana.id,
              current: 'wrong one',
              next: 'a new password here',
              actor: ana,
            }),
          )
        ).fields.current,
      ).toBeTruthy();
      expect(
        (
          await errorOf(
            changePassword(deps, { userId: ana.id, current: PASSWORD, next: 'short', actor: ana }),
          )
        ).fields.next,
      ).toBeTruthy();
      await changePassword(deps, {
        userId: ana.id,
        current: PASSWORD,
        next: 'a new password here',
        actor: ana,
        keepToken: b.token,
      });
      expect(await resolveSession(deps, a.token)).toBeNull();
      expect(await resolveSession(deps, b.token)).not.toBeNull();
    });

    it('invites by link: single use, expiring, and signs the new user in', async () => {
      const admin = await createUser(deps, {
        email: 'admin@example.com',
        role: 'admin',
        password: PASSWORD,
        actor: null,
      });
      expect(
        (await errorOf(inviteUser(deps, { email: 'admin@example.com', role: 'author', actor: admin }))).code,
      ).toBe('CONFLICT');
      const invitation = await inviteUser(deps, {
        email: 'New@Example.com',
        role: 'contributor',
        actor: admin,
      });
      expect((await findInvitation(deps, invitation.token))?.email).toBe('new@example.com');
      const { user, sessionToken } = await acceptInvitation(deps, {
        token: invitation.token,
        name: 'New Person',
        password: PASSWORD,
      });
      expect(user).toMatchObject({ email: 'new@example.com', role: 'contributor', name: 'New Person' });
      expect((await resolveSession(deps, sessionToken))?.user.id).toBe(user.id);
      expect(
        (
          await errorOf(
            acceptInvitation(deps, { token: invitation.token, name: 'Again', password: PASSWORD }),
          )
        ).code,
      ).toBe('NOT_FOUND');

      const old = await inviteUser(deps, { email: 'late@example.com', role: 'author', actor: admin });
      clock.advance(POLICY.invitationMs + 1);
      expect(await findInvitation(deps, old.token)).toBeNull();
      expect(await audits()).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
    });

    it('creates the demo admin once', async () => {
      const first = await ensureDemoAdmin(deps, { BROADSHEET_DEMO_PASSWORD: 'demo password 123' });
      expect(first).toEqual({ email: 'admin@example.com', password: 'demo password 123', created: true });
      expect(await ensureDemoAdmin(deps, {})).toEqual({
        email: 'admin@example.com',
        password: null,
        created: false,
      });
      const random = await ensureDemoAdmin({ ...deps, database: test.adapter }, {});
      expect(random.created).toBe(false);
      expect((await signIn(deps, { email: 'admin@example.com', password: 'demo password 123' })).kind).toBe(
        'signed-in',
      );
    });
  });
}
