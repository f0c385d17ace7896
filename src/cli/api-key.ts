import { parseArgs } from 'node:util';
import { parseScopes, SCOPES } from '../api/scopes.ts';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { createApiKeysRepo } from '../db/repositories/api-keys.ts';
import { UsageError, positiveInteger, type CliCommand } from './io.ts';

const ACTIONS = ['create', 'list', 'revoke'] as const;

export const apiKeyCommand: CliCommand = {
  name: 'api-key',
  summary: 'API keys: create (prints the key once), list, revoke',
  usage: [
    `broadsheet api-key create --name NAME [--scopes ${SCOPES.join(',')}] [--user EMAIL]`,
    'broadsheet api-key list',
    'broadsheet api-key revoke --id N',
  ].join('\n       '),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string', default: 'content:read' },
        user: { type: 'string' },
        id: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const action = positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(
        `api-key needs an action: ${ACTIONS.join(', ')}${action ? ` (got "${action}")` : ''}`,
      );
    if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}"`);

    if (action === 'create') {
      const name = values.name?.trim();
      if (!name || name.length > 200)
        throw new UsageError('--name is required (at most 200 characters)', '--name');
      const { scopes, unknown } = parseScopes(values.scopes!);
      if (unknown.length > 0 || scopes.length === 0)
        throw new UsageError(
          `--scopes must be a comma list of ${SCOPES.join(', ')} (got "${values.scopes}")`,
          '--scopes',
        );
      const admin = scopes.some((s) => s.startsWith('admin:'));
      if (admin && !values.user)
        throw new UsageError('Admin scopes act as a user: give --user EMAIL', '--user');
      const deps = await compose(loadConfig(io.env));
      try {
        let userId: number | null = null;
        if (values.user) {
          const user = await deps.repos.users.byEmail(values.user.trim().toLowerCase());
          if (!user || user.disabled)
            throw new UsageError(`--user: no active account "${values.user}"`, '--user');
          userId = user.id;
        }
        const { key, info } = await createApiKeysRepo(deps.database.db).create(
          { name, scopes, userId },
          deps.clock().toISOString(),
        );
        io.stdout(
          `Created API key ${info.id} "${info.name}" (${info.scopes.join(',')}). Store it now; it is not shown again:\n${key}\n`,
        );
        return 0;
      } finally {
        await deps.close();
      }
    }

    const id = action === 'revoke' ? positiveInteger(values.id, '--id', { required: true })! : undefined;
    const deps = await compose(loadConfig(io.env));
    try {
      const keys = createApiKeysRepo(deps.database.db);
      if (action === 'list') {
        const all = await keys.list();
        if (all.length === 0) io.stdout('No API keys.\n');
        for (const k of all) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
          io.stdout(
            `${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\t${k.userId ?? '-'}\tcreated ${k.createdAt}\t${state}\n`,
          );
        }
        return 0;
      }
      if (!(await keys.revoke(id!, deps.clock().toISOString())))
        throw new UsageError(`--id: no live API key ${id}`, '--id');
      io.stdout(`Revoked API key ${id}.\n`);
      return 0;
    } finally {
      await deps.close();
    }
  },
};
