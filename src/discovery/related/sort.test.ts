import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectLargest, sortNumbers } from './sort.ts';

describe('sortNumbers', () => {
  it('sorts a range like TypedArray#sort, leaving the rest alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        (values, x, y) => {
          const a = Float64Array.from(values);
          const from = values.length === 0 ? 0 : x % values.length;
          const to = from + (values.length === 0 ? 0 : y % (values.length - from + 1));
          const expected = Float64Array.from(values);
          expected.subarray(from, to).sort();
          expect(Array.from(sortNumbers(a, from, to))).toEqual(Array.from(expected.subarray(from, to)));
          expect(Array.from(a)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('selectLargest', () => {
  it('moves the k largest distinct values to the end of the range', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 300 }), fc.nat(), (values, k0) => {
        const k = k0 % (values.length + 1);
        const a = Float64Array.from(values);
        selectLargest(a, 0, a.length, k);
        const top = Array.from(a.subarray(a.length - k)).sort((p, q) => p - q);
        const expected = [...values].sort((p, q) => p - q).slice(values.length - k);
        expect(top).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
