import { describe, expect, it } from 'vitest';
import { hourOf } from './views-repo.ts';

describe('hourOf', () => {
  it('names the UTC hour of a time, also when times go back and forth across an hour', () => {
    expect(hourOf(new Date('2026-11-27T14:59:59.999Z'))).toBe('2026-11-27T14');
    expect(hourOf(new Date('2026-11-27T15:00:00.000Z'))).toBe('2026-11-27T15');
    expect(hourOf(new Date('2026-11-27T14:00:00.000Z'))).toBe('2026-11-27T14');
    expect(hourOf(new Date('2026-11-28T03:30:00+03:30'))).toBe('2026-11-28T00');
  });
});
