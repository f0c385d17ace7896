import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import type { CliIo } from './io.ts';
import { webhookCommand } from './webhook.ts';

function captureIo(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: () => {}, isTTY: false, env };
  return { io, out: () => out.join('') };
}

for (const dialect of DIALECTS) {
  describe(`broadsheet webhook on ${dialect}`, () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let pgDb: TestDatabase | undefined;

    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-hook-'));
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

    it('adds, lists, shows deliveries of and removes a hook', async () => {
      const added = captureIo(env);
      expect(
        await webhookCommand.run(
          ['add', '--url', 'https://example.org/hook', '--events', 'article.published,tag.changed'],
          added.io,
        ),
      ).toBe(0);
      expect(added.out()).toMatch(/Signing secret/);
      const listed = captureIo(env);
      await webhookCommand.run(['list'], listed.io);
      expect(listed.out()).toContain('https://example.org/hook\tarticle.published,tag.changed\tactive');
      const id = /^(\d+)\t/m.exec(listed.out())![1]!;
      expect(await webhookCommand.run(['deliveries', '--id', id], captureIo(env).io)).toBe(0);
      expect(await webhookCommand.run(['remove', '--id', id], captureIo(env).io)).toBe(0);
      const after = captureIo(env);
      await webhookCommand.run(['list'], after.io);
      expect(after.out()).toBe('No webhooks.\n');
    });

    it('refuses bad input', async () => {
      const { io } = captureIo(env);
      for (const args of [
        ['add'],
        ['add', '--url', 'ftp://example.org'],
        ['add', '--url', 'https://example.org', '--events', 'article.exploded'],
        ['add', '--url', 'https://example.org', '--secret', 'short'],
        ['remove', '--id', '42'],
        ['ping'],
      ])
        await expect(webhookCommand.run(args, io), args.join(' ')).rejects.toMatchObject({
          code: 'BAD_REQUEST',
        });
    });
  });
}
