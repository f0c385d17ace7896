import { parseArgs } from 'node:util';
import { createUser } from '../accounts/create-user.ts';
import { generatePassword } from '../accounts/passwords.ts';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { isRole, ROLES } from '../domain/permissions.ts';
import { UsageError, type CliIo } from './io.ts';
import { readPipedStdin, type StdinIo } from './user-stdin.ts';

export const USER_ADD_USAGE =
  'broadsheet user add --email E --role contributor|author|editor|admin [--name N]   (password from stdin when piped)';

/**
 * `broadsheet user add`: creates a newsroom account. The password is read from stdin when one is
 * piped (`printf %s "$PW" | broadsheet user add ...`), otherwise generated and printed once.
 */
export async function userAdd(args: string[], io: CliIo & StdinIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  if (!values.email) throw new UsageError('--email is required', '--email');
  if (!values.role) throw new UsageError(`--role is required (${ROLES.join(', ')})`, '--role');
  if (!isRole(values.role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${values.role}")`, '--role');

  const piped = await readPipedStdin(io);
  // One trailing newline is what `echo` adds; anything else is part of the password.
  const fromStdin = piped?.replace(/\r?\n$/, '') ?? '';
  const password = fromStdin || generatePassword();

  const deps = await compose(loadConfig(io.env));
  try {
    const user = await createUser(deps, {
      email: values.email,
      role: values.role,
      name: values.name ?? '',
      password,
      actor: null,
    });
    io.stdout(`Created ${user.role} ${user.email} (id ${user.id}).\n`);
    if (!fromStdin)
      io.stdout(`Password: ${password}\n(shown once; the user can change it on their account page)\n`);
    io.stdout(`Newsroom: ${deps.config.baseUrl}/admin\n`);
    return 0;
  } finally {
    await deps.close();
  }
}
