import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compose } from '../../compose.ts';
import { loadConfig } from '../../config.ts';
import { buildApp } from '../app.ts';

// The guard is a root hook: it must hold for routes other features register before or after the shell.
it('refuses token-less POSTs to any /admin route, whoever registered it and when', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-csrf-'));
  const deps = await compose(
    loadConfig({}, { databaseUrl: 'sqlite::memory:', dataDir, baseUrl: 'http://news.test' }),
  );
  deps.routes.unshift(async (app) => {
    app.post('/admin/registered-early', async () => 'changed');
  });
  deps.routes.push(async (app) => {
    app.post('/admin/registered-late', async () => 'changed');
    app.post('/not-admin', async () => 'changed');
  });
  const app = await buildApp(deps);
  try {
    const post = (url: string) =>
      app.inject({
        method: 'POST',
        url,
        payload: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await post('/admin/registered-early')).statusCode).toBe(403);
    expect((await post('/admin/registered-late')).statusCode).toBe(403);
    expect((await post('/not-admin')).statusCode).toBe(200);
  } finally {
    await app.close();
    await deps.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
