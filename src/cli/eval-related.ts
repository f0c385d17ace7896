import { parseArgs } from 'node:util';
import { loadLabelledCorpus } from '../discovery/eval/corpus.ts';
import { evaluateRelated, formatRelatedReport } from '../discovery/eval/related-eval.ts';
import { UsageError, type CliCommand } from './io.ts';

export const evalRelatedCommand: CliCommand = {
  name: 'eval related',
  summary: 'Precision@5 and nDCG@5 of "You might also like" and three baselines on a labelled corpus',
  usage: 'broadsheet eval related --corpus DIR|FILE',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { corpus: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    if (!values.corpus) throw new UsageError('--corpus is required', '--corpus');
    const docs = loadLabelledCorpus(values.corpus);
    io.stderr(`loading ${docs.length} articles into a scratch database...\n`);
    const started = Date.now();
    const report = await evaluateRelated(docs);
    io.stdout(`${formatRelatedReport(report)}\n`);
    io.stdout(`eval related: ${report.queries} queries in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
