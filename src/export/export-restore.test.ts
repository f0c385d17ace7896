import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from '../../test/support/databases.ts';
import { testClock } from '../../test/support/app.ts';
import { createFeatureApp, type FeatureApp } from '../../test/support/feature-app.ts';
import { seedDistributionSite } from '../../test/support/distribution-fixture.ts';
import type { DialectAdapter, DialectName } from '../db/dialect-adapter.ts';
import { DENY_COLUMNS, exportableTables, isExportedRow } from './catalog.ts';
import { encodeValue, exportDatabase, tableRows } from './export-database.ts';
import { restoreDatabase } from './restore-database.ts';

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line;
}

async function exportToString(adapter: DialectAdapter): Promise<string> {
  const out: string[] = [];
  await exportDatabase(adapter, async (chunk) => void out.push(chunk), { now: '2026-11-27T12:00:00.000Z' });
  return out.join('');
}

/** Every exported table as canonical rows, for comparing two databases. */
async function snapshot(adapter: DialectAdapter): Promise<Record<string, unknown[][]>> {
  const out: Record<string, unknown[][]> = {};
  for (const table of await exportableTables(adapter.db, adapter.name)) {
    const columns = table.columns.filter((c) => !(c in (DENY_COLUMNS[table.name] ?? {}))).sort();
    const rows: unknown[][] = [];
    for await (const row of tableRows(adapter.db, table, columns))
      if (isExportedRow(table.name, columns, row)) rows.push(row.map(encodeValue));
    out[table.name] = rows;
  }
  return out;
}

async function populate(t: FeatureApp): Promise<void> {
  const site = await seedDistributionSite(t.deps);
  const { repos } = t.deps;
  const now = t.deps.clock().toISOString();
  await repos.articles.addNote(site.articles.lead.id, 'correction', 'Fixed a name', now);
  await repos.redirects.add('/old/path', '/news/markets-steady', now);
  await repos.settings.set('lead_story:en', String(site.articles.lead.id));
  await repos.mustRead.add('en', site.articles.second.id, null, now);
  await t.deps.database.db
    .insertInto('users')
    .values({
      email: 'ed@example.org',
      name: 'Ed',
      role: 'editor',
      password_hash: '$argon2id$secret',
      totp_secret: 'SECRET',
      totp_enabled: 1,
      totp_last_step: 5,
      disabled: 0,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  // Sections whose parent has a higher id exercise the self-reference pass.
  const late = await repos.sections.create({ language: 'en', slug: 'late-parent', name: 'Late parent' }, now);
  await t.deps.database.db
    .updateTable('sections')
    .set({ parent_id: late.id })
    .where('slug', '=', 'politics')
    .execute();
}

const pairs: [DialectName, DialectName][] = DIALECTS.flatMap((from) =>
  DIALECTS.map((to) => [from, to] as [DialectName, DialectName]),
);

describe('export and restore', () => {
  const open: FeatureApp[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  const app = async (dialect: DialectName) => {
    const t = await createFeatureApp(dialect, { clock: testClock('2026-11-27T12:00:00.000Z') });
    open.push(t);
    return t;
  };

  for (const [from, to] of pairs) {
    it(`restores a ${from} export into ${to} with identical content, and back`, async () => {
      const source = await app(from);
      await populate(source);
      const file = await exportToString(source.deps.database);
      const lines = file.trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({
        format: 'broadsheet-export',
        version: 1,
        sourceDialect: from,
      });
      expect(file).not.toContain('$argon2id$secret');
      expect(file).not.toContain('SECRET');

      const target = await app(to);
      const summary = await restoreDatabase(target.deps.database, linesOf(file));
      expect(summary.tables.articles).toBe(9);
      const expected = await snapshot(source.deps.database);
      const actual = await snapshot(target.deps.database);
      for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());

      // Restored users cannot log in with anything until they reset their password.
      const user = await target.deps.database.db
        .selectFrom('users')
        .select(['password_hash', 'totp_secret'])
        .executeTakeFirstOrThrow();
      expect(user.password_hash.startsWith('!')).toBe(true);
      expect(user.totp_secret).toBeNull();
      // New rows get fresh ids after the restored ones.
      const created = await target.deps.repos.tags.create(
        { language: 'en', slug: 'after-restore', name: 'After' },
        '2026-11-27T12:00:00.000Z',
      );
      expect(created.id).toBeGreaterThan(
        Math.max(...(expected.tags ?? []).map((r) => Number((r as number[])[2]))),
      );

      // And back again: the second export equals the first, apart from the source dialect.
      const again = await exportToString(target.deps.database);
      const strip = (text: string) => text.split('\n').slice(1).join('\n');
      const withoutNewTag = again
        .replace(/\n\[[^\n]*"after-restore"[^\n]*\]/, '')
        .replace(/"tags":(\d+)/, (_m, n) => `"tags":${Number(n) - 1}`);
      expect(strip(withoutNewTag)).toEqual(strip(file));
    }, 60_000);
  }

  it('restores an export made before byline rows carried their language', async () => {
    const source = await app(DIALECTS[0]!);
    await populate(source);
    let at = -1;
    const old = (await exportToString(source.deps.database))
      .split('\n')
      .map((line) => {
        const record = JSON.parse(line || 'null') as unknown;
        if (record && !Array.isArray(record) && typeof record === 'object' && 'table' in record) {
          const table = record as { table: string; columns: string[] };
          at = table.table === 'article_authors' ? table.columns.indexOf('language') : -1;
          if (at >= 0) table.columns.splice(at, 1);
          return JSON.stringify(table);
        }
        if (at >= 0 && Array.isArray(record)) return JSON.stringify(record.filter((_, i) => i !== at));
        return line;
      })
      .join('\n');
    expect(old).not.toContain('"language","listed_at"');
    const target = await app(DIALECTS[0]!);
    await restoreDatabase(target.deps.database, linesOf(old));
    const expected = await snapshot(source.deps.database);
    expect(expected.article_authors!.length).toBeGreaterThan(0);
    expect((await snapshot(target.deps.database)).article_authors).toEqual(expected.article_authors);
  });

  for (const dialect of DIALECTS) {
    it(`refuses a non-empty database and a damaged file, changing nothing (${dialect})`, async () => {
      const source = await app(dialect);
      await populate(source);
      const file = await exportToString(source.deps.database);
      await expect(restoreDatabase(source.deps.database, linesOf(file))).rejects.toMatchObject({
        code: 'CONFLICT',
        status: 409,
      });

      const target = await app(dialect);
      const cut = file.split('\n').slice(0, -3).join('\n');
      await expect(restoreDatabase(target.deps.database, linesOf(cut))).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      const bad = file.replace(/\n\[/, '\n[oops');
      await expect(restoreDatabase(target.deps.database, linesOf(bad))).rejects.toMatchObject({
        code: 'VALIDATION',
        fields: { line: expect.any(String) },
      });
      const n = await sql<{ n: number }>`select count(*) as n from articles`.execute(target.deps.database.db);
      expect(Number(n.rows[0]!.n)).toBe(0);
    }, 60_000);
  }
});
