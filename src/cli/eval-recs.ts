import { parseArgs } from 'node:util';
import { evaluateMind, formatMindReport, readMind } from '../discovery/eval/mind.ts';
import { UsageError, type CliCommand } from './io.ts';

export const evalRecsCommand: CliCommand = {
  name: 'eval recs',
  summary:
    'AUC, MRR, nDCG@5 and nDCG@10 of "Recommended to you" and a popularity baseline on MIND-format data',
  usage: 'broadsheet eval recs --mind DIR   (DIR holds news.tsv and behaviors.tsv)',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { mind: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    if (!values.mind) throw new UsageError('--mind is required', '--mind');
    const started = Date.now();
    const report = evaluateMind(readMind(values.mind));
    io.stdout(`${formatMindReport(report)}\n`);
    io.stdout(`eval recs: ${report.judged} impressions in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
