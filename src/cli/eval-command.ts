import { UsageError, type CliCommand } from './io.ts';

/**
 * `broadsheet eval <what>`: each evaluation lives in its own file, src/cli/eval-<what>.ts,
 * exporting one CliCommand; this entry only picks the file.
 */
const EVALUATIONS = ['related', 'recs', 'search'] as const;

function isCommand(value: unknown): value is CliCommand {
  return typeof value === 'object' && value !== null && typeof (value as CliCommand).run === 'function';
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Offline evaluations: related (labelled corpus), recs (MIND), search (known-item)',
  usage: 'broadsheet eval related --corpus DIR|FILE | eval recs --mind DIR | eval search ...',
  async run(args, io) {
    const [what, ...rest] = args;
    if (!what || !(EVALUATIONS as readonly string[]).includes(what)) {
      throw new UsageError(`eval needs one of: ${EVALUATIONS.join(', ')}${what ? ` (got "${what}")` : ''}`);
    }
    let module: Record<string, unknown>;
    try {
      module = (await import(`./eval-${what}.ts`)) as Record<string, unknown>;
    } catch {
      throw new UsageError(`eval ${what} is not available in this build`);
    }
    const command = Object.values(module).find(isCommand);
    if (!command) throw new UsageError(`eval ${what} is not available in this build`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`Usage: ${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    return command.run(rest, io);
  },
};
