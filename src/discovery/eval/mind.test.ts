import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BroadsheetError } from '../../domain/errors.ts';
import { evaluateMind, parseMindTime, readMind } from './mind.ts';
import { auc, mrr, ndcgMind } from './metrics.ts';

/**
 * A small MIND-format data set made here: readers each follow one topic, and a few stories are
 * popular with everyone. A recommender that reads history must beat pure popularity.
 */
function makeMind(dir: string, seed = 7): void {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const topics = {
    football: ['match', 'goal', 'striker', 'league', 'coach', 'stadium', 'derby', 'referee'],
    markets: ['stocks', 'inflation', 'bank', 'rates', 'currency', 'investors', 'bonds', 'prices'],
    science: ['space', 'telescope', 'planet', 'physics', 'climate', 'research', 'orbit', 'genome'],
    politics: ['parliament', 'election', 'minister', 'vote', 'senate', 'campaign', 'policy', 'cabinet'],
  };
  const names = Object.keys(topics) as (keyof typeof topics)[];
  const news: string[] = [];
  const byTopic = new Map<string, string[]>();
  let n = 0;
  for (const topic of names) {
    const words = topics[topic];
    for (let i = 0; i < 30; i++) {
      const id = `N${++n}`;
      const pick = () => words[Math.floor(rand() * words.length)]!;
      news.push(
        [
          id,
          topic,
          `${topic}-sub`,
          `${pick()} ${pick()} ${pick()} report ${i}`,
          `The ${pick()} and the ${pick()} in the ${pick()} story.`,
          '',
          '[]',
          '[]',
        ].join('\t'),
      );
      (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(id);
    }
  }
  const viral = ['N1', 'N31', 'N61', 'N91'];
  const behaviors: string[] = [];
  let imp = 0;
  for (let u = 0; u < 60; u++) {
    const topic = names[u % names.length]!;
    const own = byTopic.get(topic)!;
    const history = Array.from({ length: 6 }, () => own[Math.floor(rand() * own.length)]!);
    for (let k = 0; k < 3; k++) {
      const items: string[] = [];
      for (let c = 0; c < 8; c++) {
        const t = names[Math.floor(rand() * names.length)]!;
        const pool = byTopic.get(t)!;
        const id = pool[Math.floor(rand() * pool.length)]!;
        const clicked = (t === topic && rand() < 0.8) || (viral.includes(id) && rand() < 0.3) ? 1 : 0;
        items.push(`${id}-${clicked}`);
      }
      items.push(`${own[Math.floor(rand() * own.length)]!}-1`, `${byTopic.get(names[(u + 1) % 4]!)![3]!}-0`);
      const minute = String((imp * 7) % 60).padStart(2, '0');
      behaviors.push(
        [
          `${++imp}`,
          `U${u}`,
          `11/${11 + (imp % 4)}/2019 ${1 + (imp % 11)}:${minute}:00 ${imp % 2 ? 'AM' : 'PM'}`,
          history.join(' '),
          items.join(' '),
        ].join('\t'),
      );
    }
  }
  writeFileSync(join(dir, 'news.tsv'), news.join('\n') + '\n');
  writeFileSync(join(dir, 'behaviors.tsv'), behaviors.join('\n') + '\n');
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('MIND evaluation', () => {
  it('computes the MIND metrics as the reference script does', () => {
    expect(auc([1, 0, 0], [0.9, 0.1, 0.5])).toBe(1);
    expect(auc([1, 0], [0.1, 0.9])).toBe(0);
    expect(auc([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(mrr([0, 1, 0], [0.9, 0.8, 0.1])).toBeCloseTo(0.5);
    expect(ndcgMind([0, 1], [0.9, 0.1], 5)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgMind([1, 0], [0.9, 0.1], 10)).toBe(1);
    expect(parseMindTime('11/15/2019 10:22:32 PM')).toBe(Date.UTC(2019, 10, 15, 22, 22, 32));
    expect(parseMindTime('11/15/2019 12:05:00 AM')).toBe(Date.UTC(2019, 10, 15, 0, 5, 0));
  });

  it('beats the popularity baseline on readers with a topic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mind-'));
    dirs.push(dir);
    makeMind(dir);
    const report = evaluateMind(readMind(dir));
    expect(report.news).toBe(120);
    expect(report.judged).toBeGreaterThan(100);
    const [ours, pop] = report.results;
    expect(ours!.method).toBe('broadsheet');
    expect(ours!.auc).toBeGreaterThan(0.7);
    expect(ours!.auc).toBeGreaterThan(pop!.auc + 0.1);
    expect(ours!.ndcg10).toBeGreaterThan(pop!.ndcg10);
  });

  it('rejects malformed files with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mind-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'news.tsv'), 'N1\tsports\tfootball\tTitle\tAbstract\turl\t[]\t[]\n');
    writeFileSync(join(dir, 'behaviors.tsv'), '1\tU1\tyesterday\tN1\tN1-1\n');
    expect(() => readMind(dir)).toThrow(BroadsheetError);
    expect(() => readMind(join(dir, 'missing'))).toThrow(BroadsheetError);
  });
});
