import { describe, expect, it } from 'vitest';
import { sectionWithAncestors, sectionWithDescendants } from './section-tree.ts';

const tree = [
  { id: 1, parent_id: null },
  { id: 2, parent_id: 1 },
  { id: 3, parent_id: 2 },
  { id: 4, parent_id: 1 },
];

describe('section tree', () => {
  it('walks down to every descendant and up to the top', () => {
    expect(sectionWithDescendants(tree, 1).sort()).toEqual([1, 2, 3, 4]);
    expect(sectionWithDescendants(tree, 2)).toEqual([2, 3]);
    expect(sectionWithAncestors(tree, 3)).toEqual([3, 2, 1]);
    expect(sectionWithAncestors(tree, 9)).toEqual([9]);
  });

  it('ends on a parent cycle', () => {
    const cycle = [
      { id: 1, parent_id: 2 },
      { id: 2, parent_id: 1 },
    ];
    expect(sectionWithAncestors(cycle, 1)).toEqual([1, 2]);
    expect(sectionWithDescendants(cycle, 1)).toEqual([1, 2]);
  });
});
