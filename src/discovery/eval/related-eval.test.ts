import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BroadsheetError } from '../../domain/errors.ts';
import { loadLabelledCorpus } from './corpus.ts';
import { evaluateRelated, formatRelatedReport } from './related-eval.ts';

const TOPIC_LINES: Record<string, string> = {
  nuclear: 'The nuclear programme, uranium enrichment and IAEA inspections remain at issue.',
  football: 'Football fans at Azadi stadium follow the league, the derby and every striker.',
  economy: 'Inflation, the rial, the dollar and prices dominate the economy.',
};

const STORIES: Record<string, string[]> = {
  nuclear: [
    'Vienna nuclear talks resume\nNegotiators met in Vienna on uranium enrichment and sanctions relief.',
    'IAEA inspectors report on enrichment\nInspectors found centrifuges enriching uranium at Fordow.',
    'Sanctions relief hinges on nuclear deal\nAn envoy said enrichment limits and IAEA inspections decide sanctions relief.',
    'Centrifuges at Natanz\nThe nuclear deal caps uranium enrichment; centrifuges at Natanz are monitored.',
  ],
  football: [
    'Persepolis win the derby\nPersepolis beat Esteghlal in the derby at Azadi stadium; the striker scored twice.',
    'Esteghlal coach sacked\nEsteghlal dismissed their coach after the derby defeat by Persepolis.',
    'Azadi stadium sold out\nFans bought every ticket at Azadi stadium for the league decider.',
    'Striker fit for league decider\nThe Persepolis striker is fit for the league match at Azadi.',
  ],
  economy: [
    'Rial falls to record low\nThe rial fell against the dollar as inflation and prices rose.',
    'Central bank raises rates\nThe central bank raised interest rates to fight inflation.',
    'Inflation hits forty percent\nConsumer prices climbed and inflation reached forty percent.',
    'Dollar rally hits importers\nImporters struggle as the dollar rises and the rial weakens; prices up.',
  ],
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function corpusDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  dirs.push(dir);
  for (const [label, stories] of Object.entries(STORIES)) {
    mkdirSync(join(dir, label));
    stories.forEach((text, i) =>
      writeFileSync(join(dir, label, `${i}.txt`), `${text}\n${TOPIC_LINES[label]}`),
    );
  }
  return dir;
}

describe('eval related', () => {
  it('reads a folder-per-label corpus with the title on the first line', () => {
    const docs = loadLabelledCorpus(corpusDir());
    expect(docs).toHaveLength(12);
    expect(docs[0]).toMatchObject({ language: 'en', label: 'economy', title: 'Rial falls to record low' });
    expect(() => loadLabelledCorpus(join(tmpdir(), 'no-such-corpus'))).toThrow(BroadsheetError);
  });

  it('scores Broadsheet and the three baselines, label held back', async () => {
    const report = await evaluateRelated(loadLabelledCorpus(corpusDir()));
    expect(report.results.map((r) => r.method)).toEqual([
      'broadsheet',
      'tfidf-cosine',
      'shared-tags',
      'fts-title',
    ]);
    const [ours, tfidf, tags, fts] = report.results;
    expect(ours!.precision).toBeGreaterThanOrEqual(tfidf!.precision);
    expect(ours!.precision).toBeGreaterThan(fts!.precision);
    expect(tags!.precision).toBe(0);
    expect(ours!.ndcg).toBeGreaterThan(0.8);
    expect(formatRelatedReport(report)).toContain('broadsheet');
  });
});
