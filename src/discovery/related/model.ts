import { wordTerms } from '../text/analyze.ts';
import { entityOf, scanEntities } from '../text/entity-scan.ts';
import { htmlTextInto } from '../text/html-text.ts';
import { WordTable } from '../text/word-table.ts';
import { selectLargest, sortNumbers } from './sort.ts';

/**
 * The related-articles model: every public article as a short, L2-normalised BM25 term vector
 * (its top terms plus tag, entity and section pseudo-terms) in flat typed arrays, and an
 * impact-ordered inverted index over them. Pure and in memory: no I/O, so the loader decides
 * where articles come from and the evaluation and benchmarks drive it directly.
 */

export interface ArticleText {
  articleId: number;
  language: string;
  sectionId: number | null;
  /** Epoch milliseconds. */
  publishedAt: number;
  headline: string;
  standfirst: string;
  /** Plain text (no markup); only the first `BODY_CHARS` characters are read. */
  body: string;
  /**
   * Stored body HTML, read instead of `body` when set: decoded straight into the analyser's
   * buffer (as `htmlToText(html.slice(0, 3 * BODY_CHARS)).slice(0, BODY_CHARS)` would).
   */
  bodyHtml?: string;
  tags: readonly { id: number; name: string }[];
}

export interface RankWeights {
  /** Boost for shared tags (idf-weighted share of the article's tags). */
  tag: number;
  /** Boost for shared named entities. */
  entity: number;
  /** Largest penalty for a large gap in publication time (reached at about ten years). */
  age: number;
  /** Weight of agreement with the article's strongest neighbours (second-order similarity). */
  consensus: number;
  /** MMR trade-off: 1 is pure relevance, lower favours variety. */
  lambda: number;
  /** A candidate at least this similar to the article itself is a duplicate of it. */
  dupSource: number;
  /** A candidate at least this similar to one already chosen is a near-duplicate of it. */
  dupPair: number;
}

export const DEFAULT_WEIGHTS: RankWeights = {
  tag: 0.2,
  entity: 0.1,
  age: 0.08,
  consensus: 1.0,
  lambda: 0.9,
  dupSource: 0.9,
  dupPair: 0.8,
};

export interface RelatedOptions {
  limit?: number;
  /** Article ids not to return (the page's other modules, the reader's history). */
  exclude?: ReadonlySet<number>;
  /** Epoch ms: articles published later are not public yet. */
  now?: number;
  /** Any language when false; same language as the article by default. */
  sameLanguage?: boolean;
  weights?: RankWeights;
}

export interface Scored {
  articleId: number;
  score: number;
}

/**
 * Model constants, gathered so the evaluation can explore them (`broadsheet eval related`
 * reports the defaults). Change only before building a model.
 */
const BODY_CHARS_DEFAULT = 1500;
export const TUNING = {
  field: { headline: 3, standfirst: 2, body: 1, tagName: 2, tag: 3, entity: 2, section: 1 },
  k1: 1.2,
  b: 0.75,
  /** Word terms kept per article: the rest barely moves a cosine and costs memory and time. */
  termsPerDoc: 96,
  /** Terms of the article used to find candidates. */
  queryTerms: 32,
  /** Strongest neighbours whose agreement is measured, and the candidates considered. */
  anchors: 5,
  candidates: 64,
  bodyChars: BODY_CHARS_DEFAULT,
};

/** Body text read per article: news is written top-down, the lede carries the topic. */
export const BODY_CHARS = BODY_CHARS_DEFAULT;
/** Postings read per query term, strongest first (impact order): bounds the worst case. */
const POSTINGS_PER_TERM = 1000;
const MIN_SIMILARITY = 0.05;
const PSEUDO = '\u0001';
const DAY = 86_400_000;

interface Analyzed {
  termIds: Int32Array;
  /** Field-weighted term frequency. */
  tf: Float32Array;
  length: number;
  tagTerms: Int32Array;
  entityTerms: Int32Array;
}

function grow<T extends Int32Array | Float32Array | Float64Array | Uint8Array | Uint16Array>(
  a: T,
  need: number,
): T {
  if (need <= a.length) return a;
  let size = Math.max(16, a.length);
  while (size < need) size *= 2;
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

/** What `exportState` sends: the model's arrays and counters, and its vocabulary by term id. */
export interface RelatedModelState {
  vocab: string[];
  languages: string[];
  arrays: Record<string, ArrayBufferView>;
  numbers: Record<string, number>;
}

const STATE_ARRAYS = [
  'pseudo',
  'df',
  'articleId',
  'lang',
  'section',
  'published',
  'alive',
  'vecStart',
  'vecLen',
  'tagStart',
  'tagLen',
  'entStart',
  'entLen',
  'termPool',
  'weightPool',
  'tagPool',
  'entPool',
  'postOffsets',
  'postSlots',
  'postWeights',
] as const;
const STATE_NUMBERS = [
  'slots',
  'poolUsed',
  'tagUsed',
  'entUsed',
  'liveCount',
  'totalLength',
  'dead',
  'baseSize',
] as const;

/** Writes `text[0, length)` as code units into `out` from `at`; returns the end. */
function copyInto(text: string, length: number, out: Uint16Array, at: number): number {
  for (let i = 0; i < length; i++) out[at + i] = text.charCodeAt(i);
  return at + length;
}

export class RelatedModel {
  private vocab = new Map<string, number>();
  /** 1 for a pseudo-term (tag, entity, section): never dropped from a vector. */
  private pseudo = new Uint8Array(1024);
  private df = new Int32Array(1024);
  private languages: string[] = [];

  // Per slot (an article version; a re-indexed article gets a new slot, the old one dies).
  private slots = 0;
  private articleId = new Int32Array(1024);
  private lang = new Uint8Array(1024);
  private section = new Int32Array(1024);
  private published = new Float64Array(1024);
  private alive = new Uint8Array(1024);
  private vecStart = new Int32Array(1024);
  private vecLen = new Uint16Array(1024);
  private tagStart = new Int32Array(1024);
  private tagLen = new Uint16Array(1024);
  private entStart = new Int32Array(1024);
  private entLen = new Uint16Array(1024);

  private termPool = new Int32Array(1 << 16);
  private weightPool = new Float32Array(1 << 16);
  private poolUsed = 0;
  private tagPool = new Int32Array(1 << 12);
  private tagUsed = 0;
  private entPool = new Int32Array(1 << 12);
  private entUsed = 0;

  private idToSlot = new Map<number, number>();
  private liveCount = 0;
  private totalLength = 0;
  private dead = 0;

  // Inverted index: a compact base (CSR, each list strongest first) and a small delta since.
  private postOffsets = new Int32Array(1);
  private postSlots = new Int32Array(0);
  private postWeights = new Float32Array(0);
  private delta = new Map<number, number[]>();
  private deltaSize = 0;
  private baseSize = 0;

  // Bulk load: weights wait for the final document frequencies.
  private bulk = false;

  // Scratch, reused by every query (single-threaded).
  private acc = new Float32Array(1024);
  private touched = new Int32Array(1024);
  private dense = new Float32Array(1024);
  private dense2 = new Float32Array(1024);

  /**
   * Memory held by the model: its arrays (capacity, not only what is used) plus an estimate of
   * its maps (id -> slot, vocabulary). A benchmark's heap difference misses arrays built in a
   * worker thread and moved here, so it reads this instead.
   */
  approximateBytes(): number {
    const self = this as unknown as Record<string, unknown>;
    let bytes = 0;
    for (const name of STATE_ARRAYS) bytes += (self[name] as ArrayBufferView).byteLength;
    for (const a of [this.acc, this.touched, this.dense, this.dense2]) bytes += a.byteLength;
    bytes += this.idToSlot.size * 40;
    for (const key of this.vocab.keys()) bytes += 40 + 2 * key.length;
    return bytes;
  }

  /**
   * The model as plain data and transferable arrays, for a model built in a worker thread
   * (`build-worker.ts`): the arrays move to the receiving thread without a copy. Call after
   * `finish`; this model must not be used afterwards (its arrays are gone with the transfer).
   */
  exportState(): { state: RelatedModelState; transfer: ArrayBuffer[] } {
    if (this.bulk) throw new Error('exportState before finish');
    if (this.deltaSize > 0 || this.dead > 0) this.rebuildPostings();
    const self = this as unknown as Record<string, unknown>;
    const arrays: Record<string, ArrayBufferView> = {};
    const transfer: ArrayBuffer[] = [];
    for (const name of STATE_ARRAYS) {
      const a = self[name] as ArrayBufferView;
      arrays[name] = a;
      if (!transfer.includes(a.buffer as ArrayBuffer)) transfer.push(a.buffer as ArrayBuffer);
    }
    const numbers: Record<string, number> = {};
    for (const name of STATE_NUMBERS) numbers[name] = self[name] as number;
    const vocab: string[] = new Array<string>(this.vocab.size);
    for (const [key, id] of this.vocab) vocab[id] = key;
    return { state: { vocab, languages: this.languages, arrays, numbers }, transfer };
  }

  /** A model from `exportState` (on the thread that serves queries). */
  static fromState(state: RelatedModelState): RelatedModel {
    const model = new RelatedModel();
    const self = model as unknown as Record<string, unknown>;
    for (const name of STATE_ARRAYS) self[name] = state.arrays[name];
    for (const name of STATE_NUMBERS) self[name] = state.numbers[name];
    for (let id = 0; id < state.vocab.length; id++) model.vocab.set(state.vocab[id]!, id);
    model.languages = state.languages;
    for (let s = 0; s < model.slots; s++) if (model.alive[s]) model.idToSlot.set(model.articleId[s]!, s);
    model.tfScratch = grow(model.tfScratch, model.vocab.size);
    model.acc = grow(model.acc, model.articleId.length);
    model.touched = grow(model.touched, model.articleId.length);
    return model;
  }

  get size(): number {
    return this.liveCount;
  }

  has(articleId: number): boolean {
    return this.idToSlot.has(articleId);
  }

  /** Starts a bulk load: add articles with `add`, then call `finish` once. */
  beginBulk(): void {
    this.bulk = true;
  }

  /** Adds or replaces an article. */
  add(text: ArticleText): void {
    this.addAnalyzed(text, this.analyze(text));
  }

  /** Adds many articles: their document frequencies count before any of them picks its terms. */
  addBatch(texts: readonly ArticleText[]): void {
    const analyzed = texts.map((t) => this.analyze(t));
    for (const a of analyzed) this.countDf(a);
    for (let i = 0; i < texts.length; i++) this.place(texts[i]!, analyzed[i]!);
  }

  remove(articleId: number): void {
    const slot = this.idToSlot.get(articleId);
    if (slot === undefined) return;
    this.idToSlot.delete(articleId);
    this.alive[slot] = 0;
    this.liveCount--;
    this.dead++;
    this.maybeCompact();
  }

  /** Ends a bulk load: final idf weights, normalisation and the inverted index. */
  finish(): void {
    if (this.bulk) {
      this.bulk = false;
      const idf = new Float64Array(this.vocab.size);
      for (let t = 0; t < idf.length; t++) idf[t] = this.idf(t);
      for (let s = 0; s < this.slots; s++) {
        if (!this.alive[s]) continue;
        const start = this.vecStart[s]!;
        const end = start + this.vecLen[s]!;
        for (let i = start; i < end; i++) this.weightPool[i] = this.weightPool[i]! * idf[this.termPool[i]!]!;
        this.normalizeAndSort(start, end);
      }
    }
    this.rebuildPostings();
  }

  /** Publication time (epoch ms) of an indexed article. */
  publishedAt(articleId: number): number | undefined {
    const slot = this.idToSlot.get(articleId);
    return slot === undefined ? undefined : this.published[slot];
  }

  languageOf(articleId: number): string | undefined {
    const slot = this.idToSlot.get(articleId);
    return slot === undefined ? undefined : this.languages[this.lang[slot]!];
  }

  /** Cosine similarity of two indexed articles (0 when either is unknown). */
  /**
   * Similarities of each of `as` to each of `bs` (0 where either is unknown), equal to
   * `similarity(a, b)` pair by pair: each `a`'s vector is expanded once for all of `bs`, and
   * `bs` are looked up once for all of `as`.
   */
  similarityRows(as: readonly number[], bs: readonly number[]): number[][] {
    const slots = bs.map((b) => this.idToSlot.get(b) ?? -1);
    this.ensureDense();
    return as.map((a) => {
      const out = new Array<number>(bs.length).fill(0);
      const sa = this.idToSlot.get(a);
      if (sa === undefined) return out;
      this.loadDense(sa, this.dense2);
      for (let i = 0; i < slots.length; i++)
        if (slots[i]! >= 0) out[i] = this.dotDense(slots[i]!, this.dense2);
      this.clearDense(sa, this.dense2);
      return out;
    });
  }

  similarity(a: number, b: number): number {
    const sa = this.idToSlot.get(a);
    const sb = this.idToSlot.get(b);
    if (sa === undefined || sb === undefined) return 0;
    this.ensureDense();
    this.loadDense(sa, this.dense2);
    const v = this.dotDense(sb, this.dense2);
    this.clearDense(sa, this.dense2);
    return v;
  }

  /**
   * The related list of an article: candidates from the inverted index, scored by cosine plus
   * tag/entity boosts, agreement with the strongest neighbours and an age-gap penalty, then
   * picked by MMR so no two items (nor an item and the article) are near-duplicates.
   */
  related(articleId: number, options: RelatedOptions = {}): Scored[] {
    const slot = this.idToSlot.get(articleId);
    if (slot === undefined || this.bulk) return [];
    this.ensureDense();
    return this.rank(slot, options);
  }

  private rank(source: number, options: RelatedOptions): Scored[] {
    const w = options.weights ?? DEFAULT_WEIGHTS;
    const limit = options.limit ?? 6;
    const now = options.now ?? Number.POSITIVE_INFINITY;
    const sameLanguage = options.sameLanguage ?? true;
    const exclude = options.exclude;
    const sourceLang = this.lang[source]!;

    // 1. Candidates: accumulate partial dot products over the article's strongest terms.
    const acc = this.acc;
    const touched = this.touched;
    let nTouched = 0;
    const qStart = this.vecStart[source]!;
    const qEnd = qStart + Math.min(this.vecLen[source]!, TUNING.queryTerms);
    // The hot loop of a list (up to 32,000 postings): written out, no closure, so the counter
    // stays a local variable instead of a captured one.
    const postSlots = this.postSlots;
    const postWeights = this.postWeights;
    for (let i = qStart; i < qEnd; i++) {
      const term = this.termPool[i]!;
      const wq = this.weightPool[i]!;
      if (term + 1 < this.postOffsets.length) {
        const from = this.postOffsets[term]!;
        const to = Math.min(this.postOffsets[term + 1]!, from + POSTINGS_PER_TERM);
        for (let p = from; p < to; p++) {
          const s = postSlots[p]!;
          if (acc[s] === 0) touched[nTouched++] = s;
          acc[s] = acc[s]! + wq * postWeights[p]!;
        }
      }
      const extra = this.delta.get(term);
      if (extra)
        for (let p = 0; p < extra.length; p += 2) {
          const s = extra[p]!;
          if (acc[s] === 0) touched[nTouched++] = s;
          acc[s] = acc[s]! + wq * extra[p + 1]!;
        }
    }

    // 2. Keep the best CANDIDATES that may be shown (a small sorted buffer beats a heap here).
    const maxCand = TUNING.candidates;
    const candSlot: number[] = [];
    const candAcc: number[] = [];
    for (let t = 0; t < nTouched; t++) {
      const s = touched[t]!;
      const score = acc[s]!;
      acc[s] = 0;
      // The score test first: it rejects almost every slot without reading its metadata
      // (random reads, most of a list's cost), and the filters below only reject too.
      if (candSlot.length === maxCand && score <= candAcc[maxCand - 1]!) continue;
      if (s === source || !this.alive[s] || this.published[s]! > now) continue;
      if (sameLanguage && this.lang[s] !== sourceLang) continue;
      if (exclude?.has(this.articleId[s]!)) continue;
      if (this.articleId[s] === this.articleId[source]) continue;
      let i = candSlot.length === maxCand ? maxCand - 1 : candSlot.length;
      while (i > 0 && candAcc[i - 1]! < score) {
        candAcc[i] = candAcc[i - 1]!;
        candSlot[i] = candSlot[i - 1]!;
        i--;
      }
      candAcc[i] = score;
      candSlot[i] = s;
    }
    const n = candSlot.length;
    if (n === 0) return [];

    // 3. Exact cosine and boosts.
    this.loadDense(source, this.dense);
    const cos = new Float32Array(n);
    const base = new Float32Array(n);
    const tagTotal = this.pseudoIdfSum(this.tagPool, this.tagStart[source]!, this.tagLen[source]!);
    const entTotal = this.pseudoIdfSum(this.entPool, this.entStart[source]!, this.entLen[source]!);
    for (let i = 0; i < n; i++) {
      const s = candSlot[i]!;
      cos[i] = this.dotDense(s, this.dense);
      let score = cos[i]!;
      if (tagTotal > 0)
        score += (w.tag * this.sharedIdf(this.tagPool, source, s, this.tagStart, this.tagLen)) / tagTotal;
      if (entTotal > 0)
        score += (w.entity * this.sharedIdf(this.entPool, source, s, this.entStart, this.entLen)) / entTotal;
      const gapDays = Math.abs(this.published[s]! - this.published[source]!) / DAY;
      score -= w.age * Math.min(1, Math.log1p(gapDays / 30) / Math.log1p(3650 / 30));
      base[i] = score;
    }
    this.clearDense(source, this.dense);

    // 4. Agreement with the strongest neighbours: a candidate that the article's closest
    // stories also resemble is on the same topic, not merely sharing a rare word.
    const order = [...Array(n).keys()].sort((a, b) => base[b]! - base[a]!);
    const anchors = order.slice(0, Math.min(TUNING.anchors, n)).filter((i) => cos[i]! < w.dupSource);
    const pair = new Map<number, Float32Array>();
    const simRow = (i: number): Float32Array => {
      let row = pair.get(i);
      if (!row) {
        row = new Float32Array(n);
        this.loadDense(candSlot[i]!, this.dense2);
        for (let j = 0; j < n; j++) row[j] = j === i ? 1 : this.dotDense(candSlot[j]!, this.dense2);
        this.clearDense(candSlot[i]!, this.dense2);
        pair.set(i, row);
      }
      return row;
    };
    const final = new Float32Array(n);
    if (w.consensus > 0 && anchors.length > 1) {
      // Anchors vote in proportion to their own relevance, so weak ones cannot pull in a topic.
      const rows = anchors.map(simRow);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        let weight = 0;
        for (let a = 0; a < anchors.length; a++) {
          if (anchors[a] === i) continue;
          const relevance = Math.max(0, cos[anchors[a]!]!);
          sum += relevance * rows[a]![i]!;
          weight += relevance;
        }
        final[i] = base[i]! + (weight > 0 ? (w.consensus * sum) / weight : 0);
      }
    } else {
      final.set(base);
    }

    // 5. MMR with near-duplicate removal.
    const chosen: number[] = [];
    const maxSim = new Float32Array(n);
    const used = new Uint8Array(n);
    // Never filler: a candidate sharing almost nothing with the article is not related to it.
    for (let i = 0; i < n; i++) if (cos[i]! >= w.dupSource || cos[i]! < MIN_SIMILARITY) used[i] = 1;
    while (chosen.length < limit) {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        if (used[i] || maxSim[i]! >= w.dupPair) continue;
        const mmr = w.lambda * final[i]! - (1 - w.lambda) * maxSim[i]!;
        if (mmr > bestScore) {
          bestScore = mmr;
          best = i;
        }
      }
      if (best < 0) break;
      used[best] = 1;
      chosen.push(best);
      const row = simRow(best);
      for (let i = 0; i < n; i++) if (row[i]! > maxSim[i]!) maxSim[i] = row[i]!;
    }
    return chosen.map((i) => ({ articleId: this.articleId[candSlot[i]!]!, score: final[i]! }));
  }

  // ---- analysis and storage -------------------------------------------------------------

  private term(key: string): number {
    let id = this.vocab.get(key);
    if (id === undefined) {
      id = this.vocab.size;
      this.vocab.set(key, id);
      if (id >= this.df.length) this.df = grow(this.df, id + 1);
      if (id >= this.tfScratch.length) this.tfScratch = grow(this.tfScratch, id + 1);
      if (id >= this.pseudo.length) this.pseudo = grow(this.pseudo, id + 1);
      // Tag, entity and section terms are always kept; only word terms compete for a place.
      if (key.charCodeAt(0) === 1) this.pseudo[id] = 1;
    }
    return id;
  }

  private languageCode(language: string): number {
    let code = this.languages.indexOf(language);
    if (code < 0) {
      code = this.languages.length;
      this.languages.push(language);
    }
    return code;
  }

  /** Raw word -> term ids, per model, found from code units without making strings. */
  private words = new WordTable((raw) => {
    const terms = wordTerms(raw);
    const ids = new Int32Array(terms.length);
    for (let k = 0; k < terms.length; k++) ids[k] = this.term(terms[k]!);
    return ids;
  });
  private tfScratch = new Float32Array(1024);
  private tfTouched = new Int32Array(1024);
  private textScratch = new Uint16Array(4096);
  private wordScratch = new Int32Array(2048);
  // Placement and sorting scratch (float32 where the stored values are float32, as before).
  private tfPart = new Float32Array(256);
  private rankScratch = new Float32Array(256);
  private sortScratch = new Float64Array(256);
  private keyScratch = new Float64Array(256);
  private termCopy = new Int32Array(256);
  private weightCopy = new Float64Array(256);
  private f32 = new Float32Array(1);
  private u32 = new Uint32Array(this.f32.buffer);

  // Per-article analysis state (the methods below share it instead of closures).
  private touchedCount = 0;
  private docLength = 0;
  private entityIds = new Int32Array(64);
  private entityCount = 0;
  /** Raw entity match -> term id (-1: not an entity), tag id and section id -> term id. */
  private entityTerms = new Map<string, number>();
  private tagTermIds = new Map<number, number>();
  private sectionTermIds = new Map<number, number>();

  /**
   * Field-weighted term frequencies of one article, in first-seen order (headline, standfirst,
   * body, then each tag's name and pseudo-term, entities, section). The fields are laid out as
   * UTF-16 code units in one scratch buffer (stored body HTML is decoded straight into it), and
   * words and entities are found there: no intermediate text, no string per word.
   */
  private analyze(text: ArticleText): Analyzed {
    let need = text.headline.length + text.standfirst.length + TUNING.bodyChars + 16;
    for (const tag of text.tags) need += tag.name.length;
    if (this.textScratch.length < need) this.textScratch = grow(this.textScratch, need);
    const buf = this.textScratch;
    // headline \n standfirst \n body: the text `entities` reads.
    const headlineEnd = copyInto(text.headline, text.headline.length, buf, 0);
    buf[headlineEnd] = 10;
    const standfirstStart = headlineEnd + 1;
    const standfirstEnd = copyInto(text.standfirst, text.standfirst.length, buf, standfirstStart);
    buf[standfirstEnd] = 10;
    const bodyStart = standfirstEnd + 1;
    const bodyEnd =
      text.bodyHtml !== undefined
        ? htmlTextInto(text.bodyHtml, TUNING.bodyChars * 3, TUNING.bodyChars, buf, bodyStart)
        : copyInto(text.body, Math.min(text.body.length, TUNING.bodyChars), buf, bodyStart);
    this.touchedCount = 0;
    this.docLength = 0;
    this.addWords(0, headlineEnd, TUNING.field.headline);
    this.addWords(standfirstStart, standfirstEnd, TUNING.field.standfirst);
    this.addWords(bodyStart, bodyEnd, TUNING.field.body);
    const tagTerms = new Int32Array(text.tags.length);
    let at = bodyEnd;
    for (let k = 0; k < text.tags.length; k++) {
      const tag = text.tags[k]!;
      const end = copyInto(tag.name, tag.name.length, buf, at);
      this.addWords(at, end, TUNING.field.tagName);
      at = end;
      let id = this.tagTermIds.get(tag.id);
      if (id === undefined) this.tagTermIds.set(tag.id, (id = this.term(`${PSEUDO}t${tag.id}`)));
      tagTerms[k] = id;
      this.setTf(id, TUNING.field.tag);
    }
    this.entityCount = 0;
    scanEntities(buf, 0, bodyEnd, this.onEntity);
    const entityTerms = this.entityIds.slice(0, this.entityCount);
    for (let k = 0; k < entityTerms.length; k++) this.setTf(entityTerms[k]!, TUNING.field.entity);
    if (text.sectionId !== null) {
      let id = this.sectionTermIds.get(text.sectionId);
      if (id === undefined)
        this.sectionTermIds.set(text.sectionId, (id = this.term(`${PSEUDO}s${text.sectionId}`)));
      this.setTf(id, TUNING.field.section);
    }
    const tf = this.tfScratch;
    const termIds = this.tfTouched.slice(0, this.touchedCount);
    const weights = new Float32Array(termIds.length);
    for (let i = 0; i < termIds.length; i++) {
      weights[i] = tf[termIds[i]!]!;
      tf[termIds[i]!] = 0;
    }
    return { termIds, tf: weights, length: this.docLength, tagTerms, entityTerms };
  }

  /** Adds the words of `textScratch[from, to)` with a field weight. */
  private addWords(from: number, to: number, weight: number): void {
    const cap = ((to - from) >> 1) + 2;
    if (this.wordScratch.length < cap) this.wordScratch = grow(this.wordScratch, cap);
    const found = this.words.scan(this.textScratch, from, to, this.wordScratch, 0);
    const { ids, idStart } = this.words;
    const tf = this.tfScratch;
    for (let w = 0; w < found; w++) {
      const e = this.wordScratch[w]!;
      const end = idStart[e + 1]!;
      for (let i = idStart[e]!; i < end; i++) {
        const id = ids[i]!;
        if (tf[id] === 0) this.touch(id);
        tf[id] = tf[id]! + weight;
      }
      this.docLength += weight * (end - idStart[e]!);
    }
  }

  private setTf(id: number, weight: number): void {
    if (this.tfScratch[id] === 0) this.touch(id);
    this.tfScratch[id] = weight;
  }

  private touch(id: number): void {
    if (this.touchedCount === this.tfTouched.length)
      this.tfTouched = grow(this.tfTouched, this.touchedCount + 1);
    this.tfTouched[this.touchedCount++] = id;
  }

  /** One entity match (English names first, then guillemets): its term, once per article. */
  private onEntity = (start: number, end: number, kind: 0 | 1): void => {
    const raw = String.fromCharCode.apply(null, this.textScratch.subarray(start, end) as unknown as number[]);
    const key = kind === 0 ? raw : `\u0001${raw}`;
    let id = this.entityTerms.get(key);
    if (id === undefined) {
      const name = entityOf(raw, kind);
      id = name === null ? -1 : this.term(`${PSEUDO}e${name}`);
      if (this.entityTerms.size >= 200_000) this.entityTerms.clear();
      this.entityTerms.set(key, id);
    }
    if (id < 0) return;
    for (let k = 0; k < this.entityCount; k++) if (this.entityIds[k] === id) return;
    if (this.entityCount === this.entityIds.length)
      this.entityIds = grow(this.entityIds, this.entityCount + 1);
    this.entityIds[this.entityCount++] = id;
  };

  private countDf(a: Analyzed): void {
    for (const id of a.termIds) this.df[id] = this.df[id]! + 1;
  }

  private idf(term: number): number {
    const df = Math.max(1, this.df[term]!);
    const n = Math.max(this.liveCount, df);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private addAnalyzed(text: ArticleText, a: Analyzed): void {
    this.countDf(a);
    this.place(text, a);
  }

  private place(text: ArticleText, a: Analyzed): void {
    const previous = this.idToSlot.get(text.articleId);
    if (previous !== undefined) {
      this.alive[previous] = 0;
      this.liveCount--;
      this.dead++;
    }
    const s = this.slots++;
    this.ensureSlots(this.slots);
    this.articleId[s] = text.articleId;
    this.lang[s] = this.languageCode(text.language);
    this.section[s] = text.sectionId ?? -1;
    this.published[s] = text.publishedAt;
    this.alive[s] = 1;
    this.idToSlot.set(text.articleId, s);
    this.liveCount++;
    this.totalLength += a.length;

    // BM25 term weights; the idf here is the one known so far and in bulk mode is applied
    // (exactly) at `finish`. Pseudo-terms (tags, entities, section) are always kept.
    const avg = this.totalLength / Math.max(1, this.liveCount);
    const { k1, b } = TUNING;
    const norm = k1 * (1 - b + (b * a.length) / Math.max(1, avg));
    const count = a.termIds.length;
    if (this.tfPart.length < count) {
      this.tfPart = grow(this.tfPart, count);
      this.rankScratch = grow(this.rankScratch, count);
      this.sortScratch = grow(this.sortScratch, count);
    }
    const tfPart = this.tfPart;
    const rank = this.rankScratch;
    const pseudo = this.pseudo;
    let wordCount = 0;
    for (let i = 0; i < count; i++) {
      const f = a.tf[i]!;
      tfPart[i] = (f * (k1 + 1)) / (f + norm);
      rank[i] = tfPart[i]! * this.idf(a.termIds[i]!);
      if (pseudo[a.termIds[i]!] === 0) this.sortScratch[wordCount++] = rank[i]!;
    }
    // The K-th strongest word rank, by a native numeric sort (no comparator calls).
    let threshold = Number.NEGATIVE_INFINITY;
    if (wordCount > TUNING.termsPerDoc) {
      const sorted = sortNumbers(this.sortScratch, 0, wordCount);
      threshold = sorted[wordCount - TUNING.termsPerDoc]!;
    }
    const start = this.poolUsed;
    this.termPool = grow(this.termPool, start + count);
    this.weightPool = grow(this.weightPool, start + count);
    let kept = 0;
    let words = 0;
    for (let i = 0; i < count; i++) {
      const t = a.termIds[i]!;
      if (pseudo[t] === 0) {
        if (rank[i]! < threshold || words >= TUNING.termsPerDoc) continue;
        words++;
      }
      this.termPool[start + kept] = t;
      this.weightPool[start + kept] = this.bulk ? tfPart[i]! : rank[i]!;
      kept++;
    }
    this.poolUsed += kept;
    this.vecStart[s] = start;
    this.vecLen[s] = kept;
    if (!this.bulk) this.normalizeAndSort(start, start + kept);

    this.tagStart[s] = this.tagUsed;
    this.tagLen[s] = a.tagTerms.length;
    this.tagUsed += a.tagTerms.length;
    this.tagPool = grow(this.tagPool, this.tagUsed);
    this.tagPool.set(a.tagTerms, this.tagStart[s]);
    this.entStart[s] = this.entUsed;
    this.entLen[s] = a.entityTerms.length;
    this.entUsed += a.entityTerms.length;
    this.entPool = grow(this.entPool, this.entUsed);
    this.entPool.set(a.entityTerms, this.entStart[s]);

    if (!this.bulk) {
      for (let i = start; i < start + kept; i++) {
        let list = this.delta.get(this.termPool[i]!);
        if (!list) this.delta.set(this.termPool[i]!, (list = []));
        list.push(s, this.weightPool[i]!);
        this.deltaSize++;
      }
      this.maybeCompact();
    }
  }

  /**
   * L2-normalises a vector and orders it strongest first (ties keep their order: the first 32
   * terms are the query). A native sort of packed keys (float32 weight bits, then position)
   * instead of sorting pairs with a comparator; a run of equal float32 keys is then put in
   * exact float64 order, so the result is what a stable sort on the float64 weights gives.
   */
  private normalizeAndSort(start: number, end: number): void {
    const len = end - start;
    if (len === 0) return;
    let sum = 0;
    for (let i = start; i < end; i++) sum += this.weightPool[i]! * this.weightPool[i]!;
    const norm = Math.sqrt(sum) || 1;
    if (this.keyScratch.length < len) {
      this.keyScratch = grow(this.keyScratch, len);
      this.termCopy = grow(this.termCopy, len);
      this.weightCopy = grow(this.weightCopy, len);
    }
    const keys = this.keyScratch;
    const terms = this.termCopy;
    const values = this.weightCopy;
    const f32 = this.f32;
    const bits = this.u32;
    for (let k = 0; k < len; k++) {
      terms[k] = this.termPool[start + k]!;
      values[k] = this.weightPool[start + k]! / norm;
      f32[0] = values[k]!;
      keys[k] = (0x7fffffff - bits[0]!) * 65536 + k;
    }
    const sorted = sortNumbers(keys, 0, len);
    for (let k = 0; k < len;) {
      let runEnd = k + 1;
      const key = Math.floor(sorted[k]! / 65536);
      while (runEnd < len && Math.floor(sorted[runEnd]! / 65536) === key) runEnd++;
      // Equal float32 weights, possibly different float64 ones: stable insertion sort (rare).
      for (let i = k + 1; i < runEnd; i++) {
        const item = sorted[i]!;
        const v = values[item % 65536]!;
        let j = i;
        while (j > k && values[sorted[j - 1]! % 65536]! < v) {
          sorted[j] = sorted[j - 1]!;
          j--;
        }
        sorted[j] = item;
      }
      k = runEnd;
    }
    for (let k = 0; k < len; k++) {
      const from = sorted[k]! % 65536;
      this.termPool[start + k] = terms[from]!;
      this.weightPool[start + k] = values[from]!;
    }
  }

  private ensureSlots(n: number): void {
    if (n <= this.articleId.length) return;
    this.articleId = grow(this.articleId, n);
    this.lang = grow(this.lang, n);
    this.section = grow(this.section, n);
    this.published = grow(this.published, n);
    this.alive = grow(this.alive, n);
    this.vecStart = grow(this.vecStart, n);
    this.vecLen = grow(this.vecLen, n);
    this.tagStart = grow(this.tagStart, n);
    this.tagLen = grow(this.tagLen, n);
    this.entStart = grow(this.entStart, n);
    this.entLen = grow(this.entLen, n);
    this.acc = grow(this.acc, this.articleId.length);
    this.touched = grow(this.touched, this.articleId.length);
  }

  private maybeCompact(): void {
    if (this.bulk) return;
    if (this.deltaSize + this.dead * TUNING.termsPerDoc > Math.max(20_000, this.baseSize * 0.25))
      this.rebuildPostings();
  }

  /**
   * Rebuilds the inverted index from the stored vectors, dropping dead slots' postings. A query
   * reads at most POSTINGS_PER_TERM postings of a term, strongest first, so only those are kept:
   * a common term's list is cut to them by selection (linear) before sorting, which is most of
   * what the rebuild saves, and the index stays small whatever the archive size.
   */
  private rebuildPostings(): void {
    const vocabSize = this.vocab.size;
    const counts = new Int32Array(vocabSize + 1);
    for (let s = 0; s < this.slots; s++) {
      if (!this.alive[s]) continue;
      const start = this.vecStart[s]!;
      for (let i = start; i < start + this.vecLen[s]!; i++) counts[this.termPool[i]! + 1]!++;
    }
    for (let t = 0; t < vocabSize; t++) counts[t + 1] = counts[t + 1]! + counts[t]!;
    const total = counts[vocabSize]!;
    // Pack (weight to 24 bits, slot < 2^22) into one float64: sorts natively, and the order is
    // (weight, slot), so the cut and the order are the same on every build.
    const keys = new Float64Array(total);
    const fill = counts.slice(0, vocabSize);
    for (let s = 0; s < this.slots; s++) {
      if (!this.alive[s]) continue;
      const start = this.vecStart[s]!;
      for (let i = start; i < start + this.vecLen[s]!; i++) {
        const t = this.termPool[i]!;
        keys[fill[t]!++] = Math.round(this.weightPool[i]! * 16_777_216) * 4_194_304 + s;
      }
    }
    const offsets = new Int32Array(vocabSize + 1);
    for (let t = 0; t < vocabSize; t++)
      offsets[t + 1] = offsets[t]! + Math.min(counts[t + 1]! - counts[t]!, POSTINGS_PER_TERM);
    const slotsOut = new Int32Array(offsets[vocabSize]!);
    const weightsOut = new Float32Array(offsets[vocabSize]!);
    for (let t = 0; t < vocabSize; t++) {
      const from = counts[t]!;
      const to = counts[t + 1]!;
      const keep = offsets[t + 1]! - offsets[t]!;
      // Impact order: the strongest `keep` postings, strongest first (read backwards).
      if (to - from > keep) selectLargest(keys, from, to, keep);
      const top = sortNumbers(keys, to - keep, to);
      const out = offsets[t]!;
      for (let k = 0; k < keep; k++) {
        const key = top[keep - 1 - k]!;
        slotsOut[out + k] = key % 4_194_304;
        weightsOut[out + k] = Math.floor(key / 4_194_304) / 16_777_216;
      }
    }
    this.postOffsets = offsets;
    this.postSlots = slotsOut;
    this.postWeights = weightsOut;
    this.delta.clear();
    this.deltaSize = 0;
    this.dead = 0;
    this.baseSize = total;
  }

  private ensureDense(): void {
    if (this.dense.length < this.vocab.size) {
      this.dense = grow(this.dense, this.vocab.size);
      this.dense2 = grow(this.dense2, this.vocab.size);
    }
  }

  private loadDense(slot: number, dense: Float32Array): void {
    const start = this.vecStart[slot]!;
    const end = start + this.vecLen[slot]!;
    for (let i = start; i < end; i++) {
      const t = this.termPool[i]!;
      if (t < dense.length) dense[t] = this.weightPool[i]!;
    }
  }

  private clearDense(slot: number, dense: Float32Array): void {
    const start = this.vecStart[slot]!;
    const end = start + this.vecLen[slot]!;
    for (let i = start; i < end; i++) {
      const t = this.termPool[i]!;
      if (t < dense.length) dense[t] = 0;
    }
  }

  private dotDense(slot: number, dense: Float32Array): number {
    const start = this.vecStart[slot]!;
    const end = start + this.vecLen[slot]!;
    let sum = 0;
    for (let i = start; i < end; i++) {
      const t = this.termPool[i]!;
      if (t < dense.length) sum += dense[t]! * this.weightPool[i]!;
    }
    return sum;
  }

  private pseudoIdfSum(pool: Int32Array, start: number, len: number): number {
    let sum = 0;
    for (let i = start; i < start + len; i++) sum += this.idf(pool[i]!);
    return sum;
  }

  private sharedIdf(pool: Int32Array, a: number, b: number, starts: Int32Array, lens: Uint16Array): number {
    const aStart = starts[a]!;
    const bStart = starts[b]!;
    let sum = 0;
    for (let i = aStart; i < aStart + lens[a]!; i++) {
      const t = pool[i]!;
      for (let j = bStart; j < bStart + lens[b]!; j++) {
        if (pool[j] === t) {
          sum += this.idf(t);
          break;
        }
      }
    }
    return sum;
  }
}
