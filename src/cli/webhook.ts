import { parseArgs } from 'node:util';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { createWebhooksRepo } from '../db/repositories/webhooks.ts';
import { parseWebhookEvents, WEBHOOK_EVENTS } from '../webhooks/events.ts';
import { generateSecret } from '../webhooks/sign.ts';
import { UsageError, positiveInteger, type CliCommand } from './io.ts';

const ACTIONS = ['add', 'list', 'remove', 'deliveries'] as const;

/** http(s) URLs only: a hook is a POST to a web server. */
export function checkHookUrl(raw: string | undefined): string {
  try {
    const u = new URL(raw ?? '');
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    // fall through
  }
  throw new UsageError(`--url must be an absolute http(s) URL (got "${raw ?? ''}")`, '--url');
}

export const webhookCommand: CliCommand = {
  name: 'webhook',
  summary: 'Webhooks: add (prints the signing secret), list, remove, deliveries (the log)',
  usage: [
    `broadsheet webhook add --url URL [--events ${WEBHOOK_EVENTS.slice(0, 2).join(',')},...|*] [--secret S]`,
    'broadsheet webhook list',
    'broadsheet webhook remove --id N',
    'broadsheet webhook deliveries --id N',
  ].join('\n       '),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        events: { type: 'string', default: '*' },
        secret: { type: 'string' },
        id: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const action = positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(
        `webhook needs an action: ${ACTIONS.join(', ')}${action ? ` (got "${action}")` : ''}`,
      );
    if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}"`);
    const url = action === 'add' ? checkHookUrl(values.url) : undefined;
    const { events, unknown } = parseWebhookEvents(values.events!);
    if (action === 'add' && (unknown.length > 0 || events.length === 0))
      throw new UsageError(`--events must be * or a comma list of ${WEBHOOK_EVENTS.join(', ')}`, '--events');
    if (values.secret !== undefined && values.secret.length < 16)
      throw new UsageError('--secret must have at least 16 characters', '--secret');
    const id =
      action === 'remove' || action === 'deliveries'
        ? positiveInteger(values.id, '--id', { required: true })!
        : undefined;

    const deps = await compose(loadConfig(io.env));
    try {
      const hooks = createWebhooksRepo(deps.database.db);
      if (action === 'add') {
        const secret = values.secret ?? generateSecret();
        const hook = await hooks.create({ url: url!, events, secret }, deps.clock().toISOString());
        io.stdout(
          `Added webhook ${hook.id} -> ${hook.url} (${hook.events}).\nSigning secret (X-Broadsheet-Signature: sha256=HMAC of the body):\n${secret}\n`,
        );
      } else if (action === 'list') {
        const all = await hooks.list();
        if (all.length === 0) io.stdout('No webhooks.\n');
        for (const h of all)
          io.stdout(
            `${h.id}\t${h.url}\t${h.events}\t${h.active ? 'active' : 'inactive'}\tcreated ${h.created_at}\n`,
          );
      } else if (action === 'remove') {
        if (!(await hooks.remove(id!))) throw new UsageError(`--id: no webhook ${id}`, '--id');
        io.stdout(`Removed webhook ${id}.\n`);
      } else {
        if (!(await hooks.byId(id!))) throw new UsageError(`--id: no webhook ${id}`, '--id');
        for (const d of await hooks.deliveries(id!, 100))
          io.stdout(
            `${d.at}\t${d.event}\t${d.delivery_id}\tattempt ${d.attempt}\t${d.status_code ?? '-'}\t${d.outcome}\t${d.duration_ms}ms\t${d.error ?? ''}\n`,
          );
      }
      return 0;
    } finally {
      await deps.close();
    }
  },
};
