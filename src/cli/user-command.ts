import type { CliCommand } from './io.ts';
import { UsageError } from './io.ts';
import { USER_ADD_USAGE, userAdd } from './user-add.ts';
import { USER_RESET_USAGE, userResetPassword } from './user-reset-password.ts';

/** `broadsheet user add|reset-password`: newsroom accounts from the command line. */
export const userCommand: CliCommand = {
  name: 'user',
  summary: 'Newsroom accounts: add a user, print a password reset link',
  usage: [USER_ADD_USAGE, USER_RESET_USAGE].join('\n       '),
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === 'add') return userAdd(rest, io);
    if (action === 'reset-password') return userResetPassword(rest, io);
    throw new UsageError(`user needs an action: add or reset-password${action ? ` (got "${action}")` : ''}`);
  },
};
