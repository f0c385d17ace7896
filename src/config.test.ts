import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('reads the admission budget, 4 ms by default and 0 to turn admission off', () => {
    expect(loadConfig({}).admissionBudgetMs).toBe(4);
    expect(loadConfig({ ADMISSION_BUDGET_MS: '0' }).admissionBudgetMs).toBe(0);
    expect(loadConfig({ ADMISSION_BUDGET_MS: '2.5' }).admissionBudgetMs).toBe(2.5);
  });

  it('refuses an admission budget that is not a number of milliseconds, naming the variable', () => {
    for (const raw of ['fast', '-1', '5000'])
      expect(() => loadConfig({ ADMISSION_BUDGET_MS: raw })).toThrow(/ADMISSION_BUDGET_MS/);
  });
});
