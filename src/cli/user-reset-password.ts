import { parseArgs } from 'node:util';
import { POLICY } from '../accounts/deps.ts';
import { issuePasswordReset } from '../accounts/reset-password.ts';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { UsageError, type CliIo } from './io.ts';

export const USER_RESET_USAGE = 'broadsheet user reset-password --email E';

/** `broadsheet user reset-password`: prints a single-use link (valid one hour) to set a new password. */
export async function userResetPassword(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
  if (!values.email) throw new UsageError('--email is required', '--email');
  const deps = await compose(loadConfig(io.env));
  try {
    const issued = await issuePasswordReset(deps, { email: values.email, actor: null });
    io.stdout(
      `Password reset link for ${issued.user.email} (works once, for ${POLICY.resetTokenMs / 60_000} minutes):\n`,
    );
    io.stdout(`${deps.config.baseUrl}${issued.path}\n`);
    return 0;
  } finally {
    await deps.close();
  }
}
