import { createRepos } from '../db/repositories/index.ts';
import type { User } from '../db/schema.ts';
import { BroadsheetError, invalid } from '../domain/errors.ts';
import { isRole, type Role } from '../domain/permissions.ts';
import { audit } from './audit.ts';
import type { ActorRef, SessionDeps } from './deps.ts';
import { requireEmail } from './email.ts';
import { assertPassword, hashPassword } from './passwords.ts';

export interface CreateUserProps {
  email: string;
  role: Role | string;
  password: string;
  name?: string;
  /** Who did it (null: the CLI or demo setup). */
  actor: ActorRef | null;
}

export function requireRole(role: string, field = 'role'): Role {
  if (!isRole(role))
    throw invalid('Choose a role: contributor, author, editor or admin.', {
      [field]: 'Choose a role: contributor, author, editor or admin.',
    });
  return role;
}

export function requireName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed.length > 200)
    throw invalid('Use at most 200 characters for the name.', {
      [field]: 'Use at most 200 characters for the name.',
    });
  return trimmed;
}

/** Creates an account; refuses a taken email (CONFLICT) and weak passwords (VALIDATION). */
export async function createUser(deps: SessionDeps, props: CreateUserProps): Promise<User> {
  const email = requireEmail(props.email);
  const role = requireRole(props.role);
  const name = requireName(props.name ?? '');
  assertPassword(props.password, email);
  const passwordHash = await hashPassword(props.password);
  const now = deps.clock();
  return deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    if (await repos.users.byEmail(email)) {
      throw new BroadsheetError('CONFLICT', `An account for ${email} already exists.`, {
        email: 'An account with this email already exists.',
      });
    }
    const user = await repos.users.create({
      email,
      name,
      role,
      password_hash: passwordHash,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      disabled: 0,
      password_changed_at: now.toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await audit(trx, now, {
      action: 'user.created',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
      detail: { email, role },
    });
    return user;
  });
}
