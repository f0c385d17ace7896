import { BroadsheetError } from '../domain/errors.ts';

/** A file that cannot be imported: names the file's line (when known) and the reason. Nothing was changed. */
export class ImportFileError extends BroadsheetError {
  readonly line: number | undefined;
  constructor(reason: string, line?: number) {
    super('VALIDATION', line ? `line ${line}: ${reason}` : reason, {
      ...(line ? { line: String(line) } : {}),
      reason,
    });
    this.name = 'ImportFileError';
    this.line = line;
  }
}
