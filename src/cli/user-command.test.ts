import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { findPasswordReset } from '../accounts/reset-password.ts';
import { createSecretBox } from '../accounts/secret-box.ts';
import { signIn } from '../accounts/sign-in.ts';
import { connectDatabase } from '../db/connect.ts';
import type { CliIo } from './io.ts';
import { run } from './main.ts';
import { randomBytes } from 'node:crypto';

function captureIo(env: NodeJS.ProcessEnv, stdin: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo & { readStdin: () => Promise<string | null> } = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    isTTY: false,
    env,
    readStdin: async () => stdin,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

for (const dialect of DIALECTS) {
  describe(`broadsheet user on ${dialect}`, () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let pgDb: TestDatabase | undefined;

    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-user-'));
      let databaseUrl = `sqlite:${join(dataDir, 'test.db')}`;
      if (dialect === 'postgres') {
        pgDb = await freshDatabase('postgres');
        databaseUrl = pgDb.url;
      }
      env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, BASE_URL: 'https://news.example' };
    });
    afterEach(async () => {
      await pgDb?.drop();
      pgDb = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function signInWith(email: string, password: string) {
      const database = await connectDatabase(env.DATABASE_URL!);
      try {
        return await signIn(
          { database, clock: () => new Date(), secrets: createSecretBox(randomBytes(32)) },
          { email, password },
        );
      } finally {
        await database.close();
      }
    }

    it('adds users with a piped or a generated password, and refuses bad input', async () => {
      const piped = captureIo(env, 'a piped password\n');
      expect(
        await run(['user', 'add', '--email', 'ed@example.com', '--role', 'editor', '--name', 'Ed'], piped.io),
      ).toBe(0);
      expect(piped.out()).toContain('Created editor ed@example.com');
      expect(piped.out()).not.toContain('Password:');
      expect((await signInWith('ed@example.com', 'a piped password')).kind).toBe('signed-in');

      const generated = captureIo(env, null);
      expect(await run(['user', 'add', '--email', 'ann@example.com', '--role', 'author'], generated.io)).toBe(
        0,
      );
      const password = /Password: (\S+)/.exec(generated.out())![1]!;
      expect((await signInWith('ann@example.com', password)).kind).toBe('signed-in');

      const dup = captureIo(env, null);
      expect(await run(['user', 'add', '--email', 'ann@example.com', '--role', 'author'], dup.io)).toBe(1);
      expect(dup.err()).toMatch(/already exists/);
      const badRole = captureIo(env, null);
      expect(await run(['user', 'add', '--email', 'x@example.com', '--role', 'boss'], badRole.io)).toBe(2);
      expect(badRole.err()).toContain('--role');
      const weak = captureIo(env, 'short\n');
      expect(await run(['user', 'add', '--email', 'y@example.com', '--role', 'author'], weak.io)).toBe(1);
      expect(await run(['user', 'frobnicate'], captureIo(env).io)).toBe(2);
    });

    it('prints a single-use password reset link', async () => {
      await run(
        ['user', 'add', '--email', 'ed@example.com', '--role', 'editor'],
        captureIo(env, 'a piped password').io,
      );
      const reset = captureIo(env);
      expect(await run(['user', 'reset-password', '--email', 'ED@example.com'], reset.io)).toBe(0);
      const link = /https:\/\/news\.example(\/admin\/reset-password\/([\w-]+))/.exec(reset.out());
      expect(link).not.toBeNull();
      const database = await connectDatabase(env.DATABASE_URL!);
      try {
        expect((await findPasswordReset({ database, clock: () => new Date() }, link![2]!))?.email).toBe(
          'ed@example.com',
        );
      } finally {
        await database.close();
      }
      const unknown = captureIo(env);
      expect(await run(['user', 'reset-password', '--email', 'nobody@example.com'], unknown.io)).toBe(1);
      expect(await run(['user', 'reset-password'], captureIo(env).io)).toBe(2);
    });
  });
}
