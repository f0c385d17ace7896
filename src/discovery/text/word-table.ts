import { WORD_CHAR } from './analyze.ts';

/**
 * Raw word -> term ids, looked up straight from UTF-16 code units: the rebuild tokenises about
 * 300 words per article, and cutting each one out as a string and hashing it in a Map was a
 * third of the rebuild's time (mostly the garbage it left). News repeats a small vocabulary, so
 * each distinct raw word is analysed once (`toIds`) and found again by an open-addressing hash
 * of its code units, without making a string.
 */
export class WordTable {
  /** Term ids of entry e: `ids[idStart[e] .. idStart[e + 1])`. */
  ids = new Int32Array(1 << 14);
  idStart = new Int32Array(1 << 12);
  private chars = new Uint16Array(1 << 16);
  private charStart = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private slots = new Int32Array(1 << 13);
  private entries = 0;
  private charsUsed = 0;

  constructor(
    /** Terms of a new raw word. */
    private readonly toIds: (raw: string) => ArrayLike<number>,
    /** Distinct raw words kept before starting afresh (bounds memory on unusual text); a scan
     * may pass it by the words of its own text. */
    private readonly limit = 500_000,
  ) {
    this.idStart[0] = 0;
  }

  get size(): number {
    return this.entries;
  }

  /**
   * Finds every raw word of `text[from, to)` (maximal runs of word characters, as `rawWords`)
   * and writes its entry to `out` from `at`; returns the end. `out` needs room for one entry
   * per two code units, plus one.
   */
  scan(text: Uint16Array, from: number, to: number, out: Int32Array, at: number): number {
    // Starting afresh only between scans: the entries already written to `out` stay valid.
    if (this.entries >= this.limit) this.clear();
    let n = at;
    let i = from;
    while (i < to) {
      if (WORD_CHAR[text[i]!] !== 1) {
        i++;
        continue;
      }
      const start = i;
      let h = 0x811c9dc5;
      while (i < to) {
        const c = text[i]!;
        if (WORD_CHAR[c] !== 1) break;
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      }
      out[n++] = this.entry(text, start, i, h);
    }
    return n;
  }

  private entry(text: Uint16Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let p = hash & mask; ; p = (p + 1) & mask) {
      const e = this.slots[p]! - 1;
      if (e < 0) break;
      if (this.hashes[e] !== hash) continue;
      const cs = this.charStart[e]!;
      if (this.charStart[e + 1]! - cs !== length) continue;
      let k = 0;
      while (k < length && this.chars[cs + k] === text[start + k]) k++;
      if (k === length) return e;
    }
    return this.insert(text, start, end, hash);
  }

  private insert(text: Uint16Array, start: number, end: number, hash: number): number {
    const raw = String.fromCharCode.apply(null, text.subarray(start, end) as unknown as number[]);
    const terms = this.toIds(raw);
    const e = this.entries++;
    this.charStart = grow(this.charStart, e + 2);
    this.hashes = grow(this.hashes, e + 1);
    this.idStart = grow(this.idStart, e + 2);
    this.chars = grow(this.chars, this.charsUsed + (end - start));
    this.chars.set(text.subarray(start, end), this.charsUsed);
    this.charStart[e] = this.charsUsed;
    this.charsUsed += end - start;
    this.charStart[e + 1] = this.charsUsed;
    this.hashes[e] = hash;
    const idFrom = this.idStart[e]!;
    this.ids = grow(this.ids, idFrom + terms.length);
    for (let k = 0; k < terms.length; k++) this.ids[idFrom + k] = terms[k]!;
    this.idStart[e + 1] = idFrom + terms.length;
    if (this.entries * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
    return e;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let p = this.hashes[e]! & mask;
    while (this.slots[p] !== 0) p = (p + 1) & mask;
    this.slots[p] = e + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.entries; e++) this.place(e);
  }

  private clear(): void {
    this.entries = 0;
    this.charsUsed = 0;
    this.slots.fill(0);
  }
}

function grow<T extends Int32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = a.length;
  while (size < need) size *= 2;
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
