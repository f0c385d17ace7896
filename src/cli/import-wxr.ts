import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compose } from '../compose.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { loadConfig } from '../config.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import type { ImportSummary } from '../import/bundle.ts';
import { ImportFileError } from '../import/import-error.ts';
import { importWxr } from '../import/wxr/import-wxr.ts';
import { progressReporter, UsageError, type CliIo } from './io.ts';

export async function readImportFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ImportFileError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

export function languageOption(raw: string | undefined): Language {
  const language = raw ?? 'en';
  if (!isLanguage(language))
    throw new UsageError(`--language must be en or fa (got "${language}")`, '--language');
  return language;
}

export function printSummary(io: CliIo, file: string, s: ImportSummary): void {
  const skipped = Object.entries(s.skipped)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  for (const warning of s.warnings.slice(0, 20)) io.stderr(`warning: ${warning}\n`);
  if (s.warnings.length > 20) io.stderr(`warning: ... and ${s.warnings.length - 20} more\n`);
  const rate = s.milliseconds > 0 ? Math.round((s.articlesCreated * 1000) / s.milliseconds) : 0;
  io.stdout(
    `Imported ${file}: ${s.articlesCreated} articles created, ${s.articlesUnchanged} already imported; ` +
      `${s.sectionsCreated} sections, ${s.tagsCreated} tags, ${s.authorsCreated} authors, ${s.mediaCreated} remote images, ${s.redirects} redirects; ` +
      `${s.comments} comments counted (not imported)${skipped ? `; skipped ${skipped}` : ''}; ${(s.milliseconds / 1000).toFixed(1)} s (${rate} articles/s)\n`,
  );
}

/** `broadsheet import wxr FILE [--language en|fa]` */
export async function runImportWxr(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { language: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give exactly one WXR file');
  const language = languageOption(values.language);
  const xml = await readImportFile(file);
  const deps = await compose(loadConfig(io.env));
  try {
    const progress = progressReporter(io, 'Importing');
    const summary = await importWxr(deps, {
      xml,
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
