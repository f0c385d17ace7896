/**
 * "Recommended to you" scoring: a blend of similarity to the reader's recent history (the
 * related model), co-visitation ("readers of X also read Y"), popularity and freshness. Pure:
 * the site and the MIND evaluation feed it the same signals from different sources.
 */
export interface RecSignals {
  /** Content similarity of two articles, 0..1. */
  similarity(a: number, b: number): number;
  /**
   * Optionally, `similarity(a, c)` for every candidate `c` at once, in the candidates' order
   * (a model can compute a row far faster than its pairs one by one).
   */
  similarityRow?(a: number): readonly number[] | undefined;
  /** P(b read right after a), 0..1. */
  covisit(a: number, b: number): number;
  /** Popularity, 0..1 (1 = the most read). */
  popularity(id: number): number;
  /** Freshness, 0..1 (1 = just published). */
  freshness(id: number): number;
}

export interface RecWeights {
  similarity: number;
  covisit: number;
  popularity: number;
  freshness: number;
  /** Each step back in the history counts this much less. */
  decay: number;
}

export const DEFAULT_REC_WEIGHTS: RecWeights = {
  similarity: 1.5,
  covisit: 1,
  popularity: 0.3,
  freshness: 0.2,
  decay: 0.85,
};

/** How many of the most recent reads the scoring weighs. */
export const HISTORY_WEIGHED = 10;

/** Items of the history that matter (most recent last), with their weights. */
function recent(
  history: readonly number[],
  decay: number,
  max = HISTORY_WEIGHED,
): { id: number; w: number }[] {
  const out: { id: number; w: number }[] = [];
  let w = 1;
  for (let i = history.length - 1; i >= 0 && out.length < max; i--) {
    out.push({ id: history[i]!, w });
    w *= decay;
  }
  return out;
}

/** Scores candidates for a reader; an empty history gives fresh and popular items. */
export function scoreCandidates(
  history: readonly number[],
  candidates: readonly number[],
  signals: RecSignals,
  weights: RecWeights = DEFAULT_REC_WEIGHTS,
): number[] {
  const hist = recent(history, weights.decay);
  const totalW = hist.reduce((a, h) => a + h.w, 0);
  const rows = hist.map((h) => signals.similarityRow?.(h.id));
  return candidates.map((c, ci) => {
    let score = weights.popularity * signals.popularity(c) + weights.freshness * signals.freshness(c);
    if (hist.length === 0) return score;
    let maxSim = 0;
    let meanSim = 0;
    let co = 0;
    for (let hi = 0; hi < hist.length; hi++) {
      const h = hist[hi]!;
      const row = rows[hi];
      const s = row ? row[ci]! : signals.similarity(h.id, c);
      if (s > maxSim) maxSim = s;
      meanSim += h.w * s;
      co += h.w * signals.covisit(h.id, c);
    }
    score += weights.similarity * (0.5 * maxSim + (0.5 * meanSim) / totalW);
    score += weights.covisit * Math.min(1, (2 * co) / totalW);
    return score;
  });
}
