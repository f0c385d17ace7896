import type { Kysely } from 'kysely';
import { createAuditRepo } from '../db/repositories/audit.ts';
import type { DB } from '../db/schema.ts';
import type { ActorRef } from './deps.ts';

export type AuditAction =
  | 'auth.sign-in'
  | 'auth.sign-in-failed'
  | 'auth.lockout'
  | 'auth.second-factor-failed'
  | 'auth.recovery-code-used'
  | 'auth.sign-out'
  | 'auth.sign-out-everywhere'
  | 'totp.enabled'
  | 'totp.disabled'
  | 'recovery-codes.regenerated'
  | 'password.changed'
  | 'password.reset-issued'
  | 'password.reset'
  | 'user.created'
  | 'user.role-changed'
  | 'user.renamed'
  | 'user.disabled'
  | 'user.enabled'
  | 'invitation.created'
  | 'invitation.accepted'
  | 'invitation.revoked'
  | 'settings.changed';

export interface AuditEvent {
  action: AuditAction;
  actor: ActorRef | null;
  /** Who the event is about, when not the actor (or when there is no actor: a failed sign-in). */
  targetType?: 'user' | 'invitation' | 'settings' | 'session';
  targetId?: string | number;
  /** For events without an account (failed sign-in of an unknown email). */
  actorEmail?: string;
  detail?: Record<string, unknown>;
}

/** Writes one security event; pass the transaction when the event belongs to a change. */
export async function audit(db: Kysely<DB>, at: Date, event: AuditEvent): Promise<void> {
  await createAuditRepo(db).record({
    at: at.toISOString(),
    actorId: event.actor?.id ?? null,
    actorEmail: (event.actor?.email ?? event.actorEmail ?? '').slice(0, 320),
    action: event.action,
    ...(event.targetType !== undefined ? { targetType: event.targetType } : {}),
    ...(event.targetId !== undefined ? { targetId: event.targetId } : {}),
    ...(event.detail !== undefined ? { detail: event.detail } : {}),
  });
}
