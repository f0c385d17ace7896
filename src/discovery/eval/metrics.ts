/** Ranking metrics used by the offline evaluations (binary relevance unless stated). */

export function precisionAt(relevant: readonly boolean[], k: number): number {
  let hits = 0;
  for (let i = 0; i < k && i < relevant.length; i++) if (relevant[i]) hits++;
  return hits / k;
}

/** nDCG@k with binary gains; the ideal list has min(k, totalRelevant) hits on top. */
export function ndcgAt(relevant: readonly boolean[], k: number, totalRelevant: number): number {
  let dcg = 0;
  for (let i = 0; i < k && i < relevant.length; i++) if (relevant[i]) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Impression-level metrics exactly as the MIND evaluation script computes them. */
export function auc(labels: readonly number[], scores: readonly number[]): number {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((l, i) => (l > 0 ? pos : neg).push(scores[i]!));
  if (pos.length === 0 || neg.length === 0) return Number.NaN;
  // Rank-sum (Mann-Whitney) with average ranks for ties, as sklearn's roc_auc_score.
  const all = scores.map((s, i) => ({ s, l: labels[i]! })).sort((a, b) => a.s - b.s);
  let rankSumPos = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.s === all[i]!.s) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.l > 0) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

function orderByScore(labels: readonly number[], scores: readonly number[]): number[] {
  // Stable descending sort, as numpy's argsort(scores)[::-1] is not; ties are rare with real scores.
  return scores
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => labels[x.i]!);
}

/** MIND's mrr_score: sum over clicked items of 1/rank, divided by the number clicked. */
export function mrr(labels: readonly number[], scores: readonly number[]): number {
  const ordered = orderByScore(labels, scores);
  let sum = 0;
  ordered.forEach((l, i) => (sum += l / (i + 1)));
  const clicked = labels.reduce((a, b) => a + b, 0);
  return clicked === 0 ? 0 : sum / clicked;
}

function dcg(ordered: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, ordered.length); i++) sum += (2 ** ordered[i]! - 1) / Math.log2(i + 2);
  return sum;
}

/** MIND's ndcg_score: dcg(y_true by score)@k / dcg(y_true by y_true)@k, gains 2^rel - 1. */
export function ndcgMind(labels: readonly number[], scores: readonly number[], k: number): number {
  const best = dcg(
    [...labels].sort((a, b) => b - a),
    k,
  );
  return best === 0 ? 0 : dcg(orderByScore(labels, scores), k) / best;
}
