import { BroadsheetError } from '../domain/errors.ts';
import { usageErrorFrom, UsageError, type CliCommand, type CliIo } from './io.ts';

/**
 * Every command, loaded on demand so each starts only what it needs. One entry per command: add
 * yours here (name -> loader of a module exporting a CliCommand).
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  serve: {
    summary: 'Run the site and newsroom (creates a demo site on an empty database)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  seed: {
    summary: 'Generate N articles of deterministic content (bulk; 1,000,000 works)',
    load: async () => (await import('./seed.ts')).seedCommand,
  },
  'must-read': {
    summary: 'Curate the "Must read" list of an edition',
    load: async () => (await import('./must-read.ts')).mustReadCommand,
  },
  user: {
    summary: 'Newsroom accounts: add a user, print a password reset link',
    load: async () => (await import('./user-command.ts')).userCommand,
  },
  reindex: {
    summary: 'Rebuild the full-text search index (and other derived indexes) from the articles',
    load: async () => (await import('./reindex.ts')).reindexCommand,
  },
  'api-key': {
    summary: 'API keys: create (prints the key once), list, revoke',
    load: async () => (await import('./api-key.ts')).apiKeyCommand,
  },
  webhook: {
    summary: 'Webhooks: add (prints the signing secret), list, remove, deliveries (the log)',
    load: async () => (await import('./webhook.ts')).webhookCommand,
  },
  eval: {
    summary: 'Offline evaluations: related, recs, search',
    load: async () => (await import('./eval-command.ts')).evalCommand,
  },
  import: {
    summary: 'Import a WordPress (WXR) or Ghost (JSON) export: broadsheet import wxr|ghost FILE',
    load: async () => (await import('./import-command.ts')).importCommand,
  },
  export: {
    summary: 'Write the whole site to FILE (NDJSON, docs/export-format.md)',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  restore: {
    summary: 'Load an export into an empty database (SQLite or PostgreSQL)',
    load: async () => (await import('./restore.ts')).restoreCommand,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: broadsheet <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `broadsheet <command> --help` for the options of a command.',
    'Configuration comes from the environment: PORT, HOST, BASE_URL, DATABASE_URL, DATA_DIR, SITE_NAME, LOG_LEVEL.',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(`error: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run([...rest], io);
  } catch (error) {
    const usageError = error instanceof UsageError ? error : usageErrorFrom(error);
    if (usageError) {
      io.stderr(`error: ${usageError.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof BroadsheetError) {
      const fields = Object.entries(error.fields).map(([field, message]) => `  ${field}: ${message}\n`);
      io.stderr(`error: ${error.message}\n${fields.join('')}`);
      return 1;
    }
    io.stderr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

// Run when started as the program (bin/broadsheet.js or `tsx src/cli/main.ts`), not when imported by tests.
const entryScript = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:broadsheet(?:\.js)?|main\.ts)$/.test(entryScript)) {
  process.exitCode = await run(process.argv.slice(2), processIo());
}
