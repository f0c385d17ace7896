/** Numeric sorting and selection on Float64Array ranges, for building the related model. */

/**
 * Sorts `a[from, to)` ascending in place and returns it as a view. TypedArray#sort costs a few
 * microseconds of set-up per call (it copies into a work array), which dominated sorting the
 * ~100 terms of each of 100,000 vectors; this quicksort with insertion sort for short runs
 * needs none. NaN-free input (weights and packed keys).
 */
export function sortNumbers(a: Float64Array, from: number, to: number): Float64Array {
  const stack: number[] = [];
  let lo = from;
  let hi = to - 1;
  for (;;) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i]!;
        let j = i - 1;
        while (j >= lo && a[j]! > v) {
          a[j + 1] = a[j]!;
          j--;
        }
        a[j + 1] = v;
      }
      if (stack.length === 0) break;
      hi = stack.pop()!;
      lo = stack.pop()!;
      continue;
    }
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Continue with the smaller side, keep the larger for later: the stack stays shallow.
    if (j - lo < hi - i) {
      if (i < hi) stack.push(i, hi);
      hi = j;
    } else {
      if (lo < j) stack.push(lo, j);
      lo = i;
    }
  }
  return a.subarray(from, to);
}

/**
 * Moves the `k` largest values of `a[from, to)` (distinct) to its end, `a[to - k, to)`, in no
 * particular order: Hoare quickselect, linear on average.
 */
export function selectLargest(a: Float64Array, from: number, to: number, k: number): void {
  const target = to - k;
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot.
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}
