import { describe, expect, it } from 'vitest';
import { wordDiff } from './revisions-diff.ts';

describe('wordDiff', () => {
  it('marks added and removed words with labelled ins/del and escapes text', () => {
    const { html, stats } = wordDiff(
      'The budget <rises> by ten percent',
      'The budget <rises> by twelve percent',
    );
    expect(html.value).toContain(
      '<del><span class="visually-hidden">[removed: </span>ten<span class="visually-hidden">]</span></del>',
    );
    expect(html.value).toContain('<ins><span class="visually-hidden">[added: </span>twelve');
    expect(html.value).toContain('&lt;rises&gt;');
    expect(stats).toEqual({ added: 1, removed: 1 });
  });
});
