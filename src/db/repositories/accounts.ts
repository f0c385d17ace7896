import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { createAccountTokensRepo } from './account-tokens.ts';
import { createAuditRepo } from './audit.ts';
import { createLoginThrottleRepo } from './login-throttle.ts';
import { createSessionsRepo } from './sessions.ts';
import { createUsersRepo } from './users.ts';

/** The account repositories, spread into `createRepos`. */
export function createAccountRepos(db: Kysely<DB>) {
  return {
    users: createUsersRepo(db),
    sessions: createSessionsRepo(db),
    accountTokens: createAccountTokensRepo(db),
    loginThrottle: createLoginThrottleRepo(db),
    audit: createAuditRepo(db),
  };
}
