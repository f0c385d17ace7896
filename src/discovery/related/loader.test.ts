import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteAdapter } from '../../db/dialects/sqlite/sqlite-adapter.ts';
import type { LabelledDoc } from '../eval/corpus.ts';
import { loadScratch, type Loaded } from '../eval/related-eval.ts';
import { buildRelatedModel, syncModelArticle } from './loader.ts';
import type { RelatedModel } from './model.ts';

// Three topics, a few stories each, with tags on some: enough for every article to have a list.
const TOPICS: Record<string, string[]> = {
  nuclear: ['uranium enrichment at Fordow', 'IAEA inspectors in Vienna', 'centrifuges and the nuclear deal'],
  football: ['Persepolis beat Esteghlal', 'the derby at Azadi stadium', 'a striker fit for the league'],
  economy: ['the rial against the dollar', 'inflation and consumer prices', 'the central bank raises rates'],
};

function docs(): LabelledDoc[] {
  const out: LabelledDoc[] = [];
  for (const [label, phrases] of Object.entries(TOPICS))
    for (let i = 0; i < 6; i++)
      out.push({
        language: 'en',
        label,
        title: `${phrases[i % 3]} (${label} ${i})`,
        standfirst: `Report ${i} on ${phrases[(i + 1) % 3]}.`,
        paragraphs: [
          `The <b>story</b> of ${phrases.join(', ')}.`,
          `More on ${phrases[(i + 2) % 3]} &amp; more.`,
        ],
        tags: i % 2 === 0 ? [label] : [],
      });
  return out;
}

function lists(model: RelatedModel, ids: readonly number[]): number[][] {
  return ids.map((id) => model.related(id, { limit: 5 }).map((s) => s.articleId));
}

describe('buildRelatedModel', () => {
  let loaded: Loaded;
  beforeAll(async () => {
    loaded = await loadScratch(docs());
  });
  afterAll(() => loaded.adapter.close());

  it('builds the same model in a worker thread as on this thread', async () => {
    const here = await buildRelatedModel(loaded.adapter.db, { worker: false, batchSize: 5 });
    const failures: unknown[] = [];
    const there = await buildRelatedModel(loaded.adapter.db, {
      worker: true,
      batchSize: 5,
      onWorkerError: (e) => failures.push(e),
    });
    expect(failures).toEqual([]);
    expect(there.size).toBe(loaded.ids.length);
    const expected = lists(here, loaded.ids);
    expect(expected.every((l) => l.length > 0)).toBe(true);
    expect(lists(there, loaded.ids)).toEqual(expected);
    expect(there.similarity(loaded.ids[0]!, loaded.ids[1]!)).toBe(
      here.similarity(loaded.ids[0]!, loaded.ids[1]!),
    );
  });

  it('builds on this thread when the worker fails', async () => {
    const failures: unknown[] = [];
    const model = await buildRelatedModel(loaded.adapter.db, {
      worker: true,
      workerEntry: new URL('./no-such-worker.mjs', import.meta.url),
      onWorkerError: (e) => failures.push(e),
    });
    expect(failures).toHaveLength(1);
    expect(model.size).toBe(loaded.ids.length);
    expect(model.related(loaded.ids[0]!, { limit: 5 }).length).toBeGreaterThan(0);
  });

  it('does not retry a database failure on this thread', async () => {
    const failures: unknown[] = [];
    const empty = createSqliteAdapter(':memory:'); // no tables: the first read fails
    try {
      await expect(
        buildRelatedModel(empty.db, { worker: true, onWorkerError: (e) => failures.push(e) }),
      ).rejects.toThrow(/no such table/);
    } finally {
      await empty.close();
    }
    expect(failures).toEqual([]);
  });

  it('keeps a model from the worker current with incremental updates', async () => {
    const model = await buildRelatedModel(loaded.adapter.db, { worker: true });
    const gone = loaded.ids[0]!;
    await loaded.adapter.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', gone).execute();
    await syncModelArticle(loaded.adapter.db, model, gone);
    expect(model.has(gone)).toBe(false);
    expect(lists(model, loaded.ids.slice(1)).flat()).not.toContain(gone);
    await loaded.adapter.db
      .updateTable('articles')
      .set({ status: 'published' })
      .where('id', '=', gone)
      .execute();
    await syncModelArticle(loaded.adapter.db, model, gone);
    expect(model.related(gone, { limit: 5 }).length).toBeGreaterThan(0);
  });
});
