import { parseArgs } from 'node:util';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { seed, type SeedDeps } from '../demo/seed.ts';
import { databaseSize } from './database-size.ts';
import { formatBytes, nonNegativeInteger, positiveInteger, progressReporter, type CliCommand } from './io.ts';

export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'Generate N articles of deterministic demo content (bulk; 1,000,000 works)',
  usage: 'broadsheet seed --articles N [--seed S]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { articles: { type: 'string' }, seed: { type: 'string' } },
      strict: true,
    });
    const articles = positiveInteger(values.articles, '--articles', { required: true })!;
    const seedValue = nonNegativeInteger(values.seed, '--seed') ?? 1;
    const config = loadConfig(io.env);
    const deps = await compose(config);
    try {
      let current: ReturnType<typeof progressReporter> | undefined;
      const summary = await seed(deps as SeedDeps, {
        articles,
        seed: seedValue,
        // Each phase gets its own progress line: stories, inserts, then every index rebuild.
        onStage: (stage) => {
          current?.done();
          io.stdout(io.isTTY ? `\r\x1b[2K${stage}…` : `${stage}…\n`);
          const reporter = progressReporter(io, stage);
          current = reporter;
          return (done, total) => reporter.update(done, total);
        },
      });
      current?.done();
      for (const name of summary.skippedIndexers) {
        io.stderr(
          `warning: index "${name}" has no bulk rebuild and was not updated; run \`broadsheet reindex\`\n`,
        );
      }
      const size = await databaseSize(deps.database, config.databaseUrl);
      const seconds = (summary.milliseconds / 1000).toFixed(1);
      io.stdout(
        `Seeded ${summary.articles.toLocaleString('en-US')} articles (seed ${seedValue}) in ${seconds} s; database ${size === undefined ? 'in memory' : formatBytes(size)} (${deps.database.name})\n`,
      );
    } finally {
      await deps.close();
    }
    return 0;
  },
};
