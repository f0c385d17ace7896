import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BroadsheetError } from '../../domain/errors.ts';
import { RelatedModel } from '../related/model.ts';
import { Covisitation } from '../recommended/covisitation.ts';
import { scoreCandidates, type RecSignals } from '../recommended/score.ts';
import { auc, mrr, ndcgMind } from './metrics.ts';

/**
 * Offline evaluation of "Recommended to you" on MIND-format data (news.tsv + behaviors.tsv):
 * impressions are replayed in time order; each is scored with what a live site would know at
 * that moment (the reader's history, co-visitation from histories, clicks seen so far), and
 * judged with the MIND paper's AUC, MRR, nDCG@5 and nDCG@10, against a popularity baseline.
 */
export interface MindNews {
  id: string;
  category: string;
  subcategory: string;
  title: string;
  abstract: string;
  entities: string[];
}

export interface MindImpression {
  id: string;
  user: string;
  time: number;
  history: string[];
  items: { id: string; clicked: number }[];
}

export interface MindScores {
  method: string;
  auc: number;
  mrr: number;
  ndcg5: number;
  ndcg10: number;
}

export interface MindReport {
  news: number;
  impressions: number;
  judged: number;
  results: MindScores[];
}

const HOUR = 3_600_000;

function readTsv(path: string): string[][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new BroadsheetError('BAD_REQUEST', `${path}: cannot read the file`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.replace(/\r$/, '').split('\t'));
}

function entityIds(json: string | undefined): string[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as { WikidataId?: string }[];
    return Array.isArray(list) ? list.map((e) => e.WikidataId ?? '').filter(Boolean) : [];
  } catch {
    return [];
  }
}

/** MIND's "11/15/2019 10:22:32 AM" (US format, no zone: read as UTC). */
export function parseMindTime(raw: string): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)$/.exec(raw.trim());
  if (!m) return Number.NaN;
  let hour = Number(m[4]) % 12;
  if (m[7] === 'PM') hour += 12;
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]));
}

export function readMind(dir: string): { news: MindNews[]; impressions: MindImpression[] } {
  const newsPath = join(dir, 'news.tsv');
  const behaviorsPath = join(dir, 'behaviors.tsv');
  const news = readTsv(newsPath).map((cols, i) => {
    if (cols.length < 4)
      throw new BroadsheetError(
        'BAD_REQUEST',
        `${newsPath}: line ${i + 1} has ${cols.length} fields, expected at least 4`,
      );
    return {
      id: cols[0]!,
      category: cols[1] ?? '',
      subcategory: cols[2] ?? '',
      title: cols[3] ?? '',
      abstract: cols[4] ?? '',
      entities: [...new Set([...entityIds(cols[6]), ...entityIds(cols[7])])],
    };
  });
  const impressions = readTsv(behaviorsPath).map((cols, i) => {
    if (cols.length < 5)
      throw new BroadsheetError(
        'BAD_REQUEST',
        `${behaviorsPath}: line ${i + 1} has ${cols.length} fields, expected 5`,
      );
    const time = parseMindTime(cols[2]!);
    if (Number.isNaN(time))
      throw new BroadsheetError(
        'BAD_REQUEST',
        `${behaviorsPath}: line ${i + 1}: time "${cols[2]}" is not M/D/YYYY h:mm:ss AM|PM`,
      );
    const items = cols[4]!
      .split(' ')
      .filter(Boolean)
      .map((pair) => {
        const dash = pair.lastIndexOf('-');
        const clicked = dash > 0 ? Number(pair.slice(dash + 1)) : Number.NaN;
        if (clicked !== 0 && clicked !== 1)
          throw new BroadsheetError(
            'BAD_REQUEST',
            `${behaviorsPath}: line ${i + 1}: impression "${pair}" is not NEWSID-0|1`,
          );
        return { id: pair.slice(0, dash), clicked };
      });
    return { id: cols[0]!, user: cols[1]!, time, history: cols[3]!.split(' ').filter(Boolean), items };
  });
  return { news, impressions };
}

/** Replays the impressions and scores the recommender and the popularity baseline. */
export function evaluateMind(data: { news: MindNews[]; impressions: MindImpression[] }): MindReport {
  const numeric = new Map<string, number>();
  data.news.forEach((n, i) => numeric.set(n.id, i + 1));
  const idOf = (s: string) => numeric.get(s);

  // First sighting of each article stands in for its publication time (MIND has none).
  const impressions = [...data.impressions].sort((a, b) => a.time - b.time);
  const firstSeen = new Map<number, number>();
  for (const imp of impressions) {
    for (const it of imp.items) {
      const id = idOf(it.id);
      if (id !== undefined && !firstSeen.has(id)) firstSeen.set(id, imp.time);
    }
  }
  const start = impressions[0]?.time ?? 0;

  // Content model: category as the section, sub-category and entities as tags.
  const tagIds = new Map<string, number>();
  const tag = (name: string) => {
    let id = tagIds.get(name);
    if (id === undefined) tagIds.set(name, (id = tagIds.size + 1));
    return { id, name: name.startsWith('Q') ? '' : name };
  };
  const categories = new Map<string, number>();
  const model = new RelatedModel();
  model.beginBulk();
  model.addBatch(
    data.news.map((n) => {
      if (!categories.has(n.category)) categories.set(n.category, categories.size + 1);
      return {
        articleId: idOf(n.id)!,
        language: 'en',
        sectionId: categories.get(n.category)!,
        publishedAt: firstSeen.get(idOf(n.id)!) ?? start,
        headline: n.title,
        standfirst: n.abstract,
        body: '',
        tags: [...(n.subcategory ? [tag(`sub:${n.subcategory}`)] : []), ...n.entities.map(tag)],
      };
    }),
  );
  model.finish();

  // Co-visitation from the click histories (each reader once, with their longest history).
  const covisit = new Covisitation({} as never, () => new Date(0));
  const longest = new Map<string, string[]>();
  for (const imp of impressions)
    if ((longest.get(imp.user)?.length ?? -1) < imp.history.length) longest.set(imp.user, imp.history);
  for (const history of longest.values()) {
    for (let i = 1; i < history.length; i++) {
      const a = idOf(history[i - 1]!);
      const b = idOf(history[i]!);
      if (a !== undefined && b !== undefined) covisit.record(a, b);
    }
  }

  const clicks = new Map<number, number>();
  const sums = { ours: [0, 0, 0, 0], pop: [0, 0, 0, 0] };
  let judged = 0;
  for (const imp of impressions) {
    const ids = imp.items.map((it) => idOf(it.id) ?? 0);
    const labels = imp.items.map((it) => it.clicked);
    const history = imp.history.map(idOf).filter((x): x is number => x !== undefined);
    const maxClicks = Math.max(1, ...ids.map((id) => clicks.get(id) ?? 0));
    const signals: RecSignals = {
      similarity: (a, b) => model.similarity(a, b),
      covisit: (a, b) => covisit.probability(a, b),
      popularity: (id) => Math.log1p(clicks.get(id) ?? 0) / Math.log1p(maxClicks),
      freshness: (id) => Math.exp(-Math.max(0, imp.time - (firstSeen.get(id) ?? imp.time)) / HOUR / 36),
    };
    const ours = scoreCandidates(history, ids, signals);
    const pop = ids.map((id) => clicks.get(id) ?? 0);
    const hasPos = labels.includes(1);
    const hasNeg = labels.includes(0);
    if (hasPos && hasNeg) {
      judged++;
      for (const [key, scores] of [
        ['ours', ours],
        ['pop', pop],
      ] as const) {
        sums[key][0]! += auc(labels, scores);
        sums[key][1]! += mrr(labels, scores);
        sums[key][2]! += ndcgMind(labels, scores, 5);
        sums[key][3]! += ndcgMind(labels, scores, 10);
      }
    }
    // Only now does the site learn of this impression's clicks.
    imp.items.forEach((it, i) => {
      if (it.clicked) clicks.set(ids[i]!, (clicks.get(ids[i]!) ?? 0) + 1);
    });
  }
  const result = (method: string, s: number[]): MindScores => ({
    method,
    auc: s[0]! / Math.max(1, judged),
    mrr: s[1]! / Math.max(1, judged),
    ndcg5: s[2]! / Math.max(1, judged),
    ndcg10: s[3]! / Math.max(1, judged),
  });
  return {
    news: data.news.length,
    impressions: impressions.length,
    judged,
    results: [result('broadsheet', sums.ours), result('popularity', sums.pop)],
  };
}

export function formatMindReport(r: MindReport): string {
  const lines = [
    `news ${r.news}, impressions ${r.impressions} (${r.judged} with clicks and non-clicks)`,
    'method        AUC     MRR     nDCG@5  nDCG@10',
  ];
  for (const s of r.results) {
    lines.push(
      `${s.method.padEnd(12)}  ${s.auc.toFixed(4)}  ${s.mrr.toFixed(4)}  ${s.ndcg5.toFixed(4)}  ${s.ndcg10.toFixed(4)}`,
    );
  }
  return lines.join('\n');
}
