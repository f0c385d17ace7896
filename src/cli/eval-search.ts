import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadLabelledCorpus } from '../discovery/eval/corpus.ts';
import { evaluateSearch, formatSearchReport } from '../search/eval/search-eval.ts';
import { positiveInteger, nonNegativeInteger, UsageError, type CliCommand } from './io.ts';

const DEFAULT_CORPUS = fileURLToPath(
  new URL('../../../shared/data/persian/farsnews-language-ml', import.meta.url),
);

export const evalSearchCommand: CliCommand = {
  name: 'eval search',
  summary: 'Known-item search: MRR@10 and recall@10 of Broadsheet ranking and the plain database default',
  usage: 'broadsheet eval search [--corpus DIR|FILE] [--queries N] [--words N] [--seed S] [--database URL]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        corpus: { type: 'string' },
        queries: { type: 'string' },
        words: { type: 'string' },
        seed: { type: 'string' },
        database: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    const corpus = values.corpus ?? DEFAULT_CORPUS;
    if (!values.corpus && !existsSync(corpus))
      throw new UsageError(`--corpus is required (the default ${corpus} is absent)`, '--corpus');
    const database = values.database ?? 'sqlite::memory:';
    if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(database))
      throw new UsageError('--database must be sqlite:... or postgres://...', '--database');
    const docs = loadLabelledCorpus(corpus);
    const started = Date.now();
    io.stderr(`loading ${docs.length} articles into a scratch database...\n`);
    const report = await evaluateSearch(docs, {
      databaseUrl: database,
      queries: positiveInteger(values.queries, '--queries') ?? 500,
      words: positiveInteger(values.words, '--words') ?? 2,
      seed: nonNegativeInteger(values.seed, '--seed') ?? 1,
    });
    io.stdout(`${formatSearchReport(report)}\n`);
    io.stdout(`eval search: ${report.queries} queries in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
