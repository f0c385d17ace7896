import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { buildApp } from '../web/app.ts';
import { apiKeyCommand } from './api-key.ts';
import type { CliIo } from './io.ts';

function captureIo(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: () => {}, isTTY: false, env };
  return { io, out: () => out.join('') };
}

for (const dialect of DIALECTS) {
  describe(`broadsheet api-key on ${dialect}`, () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let pgDb: TestDatabase | undefined;

    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-key-'));
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

    it('creates a key that works, lists it without the secret, and revokes it', async () => {
      const created = captureIo(env);
      expect(
        await apiKeyCommand.run(['create', '--name', 'Partner', '--scopes', 'content:read'], created.io),
      ).toBe(0);
      const key = /(bsk_[A-Za-z0-9_-]+)/.exec(created.out())![1]!;

      const deps = await compose(loadConfig(env));
      const app = await buildApp(deps);
      try {
        const get = () =>
          app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${key}` } });
        expect((await get()).statusCode).toBe(200);

        const listed = captureIo(env);
        expect(await apiKeyCommand.run(['list'], listed.io)).toBe(0);
        expect(listed.out()).toContain('Partner');
        expect(listed.out()).not.toContain(key);

        const id = /^(\d+)\t/m.exec(listed.out())![1]!;
        expect(await apiKeyCommand.run(['revoke', '--id', id], captureIo(env).io)).toBe(0);
        expect((await get()).statusCode).toBe(401);
      } finally {
        await app.close();
        await deps.close();
      }
    });

    it('refuses bad input with usage errors', async () => {
      const { io } = captureIo(env);
      await expect(apiKeyCommand.run(['create'], io)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(
        apiKeyCommand.run(['create', '--name', 'x', '--scopes', 'content:write'], io),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(
        apiKeyCommand.run(['create', '--name', 'x', '--scopes', 'admin:write'], io),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(apiKeyCommand.run(['revoke', '--id', '99'], io)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(apiKeyCommand.run(['rotate'], io)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
}
