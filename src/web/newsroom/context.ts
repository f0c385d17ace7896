import type { AccountsDeps } from '../../accounts/deps.ts';
import type { SecretBox } from '../../accounts/secret-box.ts';
import type { AppDeps } from '../deps.ts';

/** What the newsroom's own routes need beyond AppDeps: the server key of the account services. */
export interface NewsroomOptions {
  secrets: SecretBox;
}

export function accountsDeps(deps: AppDeps, options: NewsroomOptions): AccountsDeps {
  return { database: deps.database, clock: deps.clock, secrets: options.secrets };
}

/** A local newsroom path to return to after sign-in; anything else (other hosts, `//x`) becomes /admin. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '/admin';
  if (
    !/^\/admin(?:[/?#]|$)/.test(next) ||
    next.startsWith('//') ||
    next.includes('\\') ||
    /[\r\n]/.test(next)
  )
    return '/admin';
  if (next.startsWith('/admin/sign-in') || next.startsWith('/admin/sign-out')) return '/admin';
  return next;
}

/** Reads a positive integer id from a route parameter, or null. */
export function idParam(params: unknown, name = 'id'): number | null {
  const raw = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}
