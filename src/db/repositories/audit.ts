import type { Kysely } from 'kysely';
import type { AuditEntry, DB } from '../schema.ts';

export interface AuditRecord {
  at: string;
  actorId: number | null;
  actorEmail: string;
  action: string;
  targetType?: string;
  targetId?: string | number;
  detail?: Record<string, unknown>;
}

/** The append-only security audit log. */
export function createAuditRepo(db: Kysely<DB>) {
  return {
    async record(entry: AuditRecord): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          at: entry.at,
          actor_id: entry.actorId,
          actor_email: entry.actorEmail,
          action: entry.action,
          target_type: entry.targetType ?? '',
          target_id: entry.targetId === undefined ? '' : String(entry.targetId),
          detail: JSON.stringify(entry.detail ?? {}),
        })
        .execute();
    },
    /** Newest first; keyset pagination on id (`before` is the last id of the previous page). */
    async page(options: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]> {
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
      if (options.before !== undefined) q = q.where('id', '<', options.before);
      if (options.action) q = q.where('action', '=', options.action);
      return q.execute();
    },
    async count(): Promise<number> {
      const row = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
