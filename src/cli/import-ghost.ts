import { parseArgs } from 'node:util';
import { compose } from '../compose.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { loadConfig } from '../config.ts';
import { importGhost } from '../import/ghost/import-ghost.ts';
import { ImportFileError } from '../import/import-error.ts';
import { progressReporter, UsageError, type CliIo } from './io.ts';
import { languageOption, printSummary, readImportFile } from './import-wxr.ts';

/** `broadsheet import ghost FILE [--language en|fa]` */
export async function runImportGhost(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { language: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give exactly one Ghost JSON file');
  const language = languageOption(values.language);
  const json = await readImportFile(file);
  const deps = await compose(loadConfig(io.env));
  try {
    const progress = progressReporter(io, 'Importing');
    const summary = await importGhost(deps, {
      json,
      language,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.done();
    printSummary(io, file, summary);
  } catch (error) {
    if (error instanceof ImportFileError) {
      throw new BroadsheetError(
        'VALIDATION',
        `${file}${error.line ? `:${error.line}` : ''}: ${error.fields.reason} (nothing was imported)`,
      );
    }
    throw error;
  } finally {
    await deps.close();
  }
  return 0;
}
