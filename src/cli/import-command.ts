import { UsageError, type CliCommand } from './io.ts';

/** `broadsheet import wxr|ghost FILE`: one transaction per file; a bad file changes nothing. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a WordPress (WXR) or Ghost (JSON) export',
  usage: 'broadsheet import wxr FILE [--language en|fa] | broadsheet import ghost FILE [--language en|fa]',
  async run(args, io) {
    const [kind, ...rest] = args;
    if (kind === 'wxr') return (await import('./import-wxr.ts')).runImportWxr(rest, io);
    if (kind === 'ghost') return (await import('./import-ghost.ts')).runImportGhost(rest, io);
    throw new UsageError(`import what? "wxr" or "ghost" (got "${kind ?? ''}")`);
  },
};
