import { BroadsheetError } from '../domain/errors.ts';

/** What a command may touch of the outside world; tests pass their own to capture output. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress is a line rewritten in place on a terminal, plain lines otherwise. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Stops long-running commands (serve); SIGINT/SIGTERM do the same when it is absent. */
  stopSignal?: AbortSignal;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Bad command-line input: printed with the usage of the command, exit code 2. */
export class UsageError extends BroadsheetError {
  constructor(message: string, field?: string) {
    super('BAD_REQUEST', message, field ? { [field]: message } : {});
    this.name = 'UsageError';
  }
}

/** parseArgs errors name the flag; this turns them into UsageErrors. */
export function usageErrorFrom(error: unknown): UsageError | undefined {
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return new UsageError(
      (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').trim(),
    );
  }
  return undefined;
}

export function positiveInteger(
  raw: string | undefined,
  flag: string,
  options: { required?: boolean } = {},
): number | undefined {
  if (raw === undefined) {
    if (options.required) throw new UsageError(`${flag} is required`, flag);
    return undefined;
  }
  const clean = raw.replace(/[_,]/g, '');
  if (!/^[1-9]\d*$/.test(clean) || !Number.isSafeInteger(Number(clean)))
    throw new UsageError(`${flag} must be a positive integer (got "${raw}")`, flag);
  return Number(clean);
}

export function nonNegativeInteger(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw new UsageError(`${flag} must be a non-negative integer (got "${raw}")`, flag);
  return Number(raw);
}

/** Progress for long commands: one line rewritten in place on a TTY, a line per tenth otherwise. */
export function progressReporter(io: CliIo, label: string) {
  const started = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(done: number, total: number) {
      const seconds = (Date.now() - started) / 1000;
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      const left = done > 0 ? (seconds * (total - done)) / done : 0;
      const line = `${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${pct}%), ${seconds.toFixed(0)} s${done < total ? `, about ${Math.ceil(left)} s left` : ''}`;
      if (io.isTTY) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        io.stdout(`\r\x1b[2K${line}`);
        return;
      }
      const tenth = Math.floor(pct / 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        io.stdout(`${line}\n`);
      }
    },
    done() {
      if (io.isTTY) io.stdout('\r\x1b[2K');
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
