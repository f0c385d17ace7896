import type { Kysely, Selectable } from 'kysely';
import type { DB, WebhookDeliveryTable, WebhookTable } from '../schema.ts';

export type Webhook = Selectable<WebhookTable>;
export type WebhookDelivery = Selectable<WebhookDeliveryTable>;
export type NewDelivery = Omit<WebhookDelivery, 'id'>;

export function createWebhooksRepo(db: Kysely<DB>) {
  return {
    async create(
      input: { url: string; events: readonly string[]; secret: string },
      now: string,
    ): Promise<Webhook> {
      return db
        .insertInto('webhooks')
        .values({
          url: input.url,
          events: input.events.join(','),
          secret: input.secret,
          active: 1,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async list(): Promise<Webhook[]> {
      return db.selectFrom('webhooks').selectAll().orderBy('id').execute();
    },

    async byId(id: number): Promise<Webhook | undefined> {
      return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * Active hooks subscribed to this event type (or to everything, `*`). A hook without a secret
     * (restored from an export, which leaves secrets out) is skipped until it is added again.
     */
    async subscribedTo(eventType: string): Promise<Webhook[]> {
      const all = await db.selectFrom('webhooks').selectAll().where('active', '=', 1).orderBy('id').execute();
      return all.filter(
        (h) => h.secret !== '' && h.events.split(',').some((e) => e === '*' || e === eventType),
      );
    },

    /** Removes the hook and its log; false when there was none. */
    async remove(id: number): Promise<boolean> {
      await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async logDelivery(delivery: NewDelivery): Promise<void> {
      await db.insertInto('webhook_deliveries').values(delivery).execute();
    },

    /** A hook's delivery attempts, newest first. */
    async deliveries(webhookId: number, limit = 50): Promise<WebhookDelivery[]> {
      return db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type WebhooksRepo = ReturnType<typeof createWebhooksRepo>;
