import type { ViewCounter } from '../most-read/view-counter.ts';
import type { RelatedIndex } from '../related/related-index.ts';
import type { Covisitation } from './covisitation.ts';
import { DEFAULT_REC_WEIGHTS, HISTORY_WEIGHED, scoreCandidates, type RecSignals } from './score.ts';

const HOUR = 3_600_000;
/** Freshness halves about every day. */
const FRESH_HOURS = 36;
/** History items that seed candidates (the most recent). */
const SEEDS = 5;
/** A candidate this similar to something already read is the same story again. */
const SAME_STORY = 0.85;
/** Two picks this similar are near-duplicates of each other. */
const NEAR_DUPLICATE = 0.8;

export interface RecommendRequest {
  /** Oldest first, most recent last. */
  history: readonly number[];
  language: string;
  /** Epoch ms. */
  now: number;
  exclude: ReadonlySet<number>;
  limit: number;
  /** The newest public articles of the edition (fallback candidates for a new reader). */
  latest: readonly { id: number; publishedAt: number }[];
}

/**
 * Site recommender: gathers candidates (related to recent reads, read next by others, most
 * read, newest), scores them with `scoreCandidates`, and picks without near-duplicates.
 */
export class Recommender {
  constructor(
    private readonly related: RelatedIndex,
    private readonly covisit: Covisitation,
    private readonly views: ViewCounter,
  ) {}

  /** Related candidates of a recent read: its shared top list, less what was read. */
  private async relatedTo(id: number, now: number, read: ReadonlySet<number>): Promise<number[]> {
    return (await this.related.topList(id, now)).filter((c) => !read.has(c)).slice(0, 10);
  }

  async recommend(req: RecommendRequest): Promise<number[]> {
    const model = this.related.current;
    const read = new Set(req.history);
    const candidates = new Set<number>();
    const seeds = req.history.slice(-SEEDS);
    const published = new Map(req.latest.map((a) => [a.id, a.publishedAt]));
    for (const id of seeds) {
      for (const candidate of await this.relatedTo(id, req.now, read)) candidates.add(candidate);
      const next = this.covisit.neighbours(id);
      if (next) for (const [to] of [...next].sort((a, b) => b[1] - a[1]).slice(0, 10)) candidates.add(to);
    }
    const popular = this.views.top('24h', 30);
    const weekly = this.views.top('7d', 30);
    for (const p of [...popular, ...weekly]) candidates.add(p.articleId);
    for (const a of req.latest) candidates.add(a.id);

    const list = [...candidates].filter((id) => {
      if (read.has(id) || req.exclude.has(id)) return false;
      if (!model) return published.has(id);
      const at = model.publishedAt(id) ?? published.get(id);
      if (at === undefined || at > req.now) return false;
      const language = model.languageOf(id);
      return language === undefined ? published.has(id) : language === req.language;
    });
    if (list.length === 0) return [];

    const totals7 = this.views.totals('7d');
    const maxViews = Math.max(1, ...list.map((id) => totals7.get(id) ?? 0));
    // Scoring compares every candidate with each recent read, and the picking below each seed
    // with the leaders: one row of similarities per recent read, computed together.
    const compared = [...new Set(req.history.slice(-HISTORY_WEIGHED))];
    const rows = new Map<number, number[]>();
    if (model) {
      const computed = model.similarityRows(compared, list);
      compared.forEach((h, i) => rows.set(h, computed[i]!));
    }
    const at = new Map(list.map((id, i) => [id, i]));
    const signals: RecSignals = {
      similarity: (a, b) => {
        const row = rows.get(a);
        const i = row ? at.get(b) : undefined;
        return i !== undefined ? row![i]! : (model?.similarity(a, b) ?? 0);
      },
      similarityRow: (a) => rows.get(a),
      covisit: (a, b) => this.covisit.probability(a, b),
      popularity: (id) => Math.log1p(totals7.get(id) ?? 0) / Math.log1p(maxViews),
      freshness: (id) => {
        const at = model?.publishedAt(id) ?? published.get(id);
        return at === undefined ? 0 : Math.exp(-Math.max(0, req.now - at) / HOUR / FRESH_HOURS);
      },
    };
    const scores = scoreCandidates(req.history, list, signals, DEFAULT_REC_WEIGHTS);
    const order = list.map((id, i) => ({ id, s: scores[i]! })).sort((a, b) => b.s - a.s || b.id - a.id);
    const picked: number[] = [];
    for (const { id } of order) {
      if (picked.length >= req.limit) break;
      if (seeds.some((h) => signals.similarity(h, id) >= SAME_STORY)) continue;
      if (picked.some((p) => signals.similarity(p, id) >= NEAR_DUPLICATE)) continue;
      picked.push(id);
    }
    return picked;
  }
}
