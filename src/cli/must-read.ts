import { parseArgs } from 'node:util';
import { compose, type Composed } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { isValidIso } from '../domain/dates.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { positiveInteger, UsageError, type CliCommand, type CliIo } from './io.ts';

const ACTIONS = ['list', 'add', 'remove', 'move'] as const;
type Action = (typeof ACTIONS)[number];

export const mustReadCommand: CliCommand = {
  name: 'must-read',
  summary: 'Curate the "Must read" list of an edition',
  usage: [
    'broadsheet must-read list [--lang en|fa]',
    'broadsheet must-read add --article SLUG [--lang en|fa] [--expires ISO] [--position N]',
    'broadsheet must-read remove --article SLUG [--lang en|fa]',
    'broadsheet must-read move --article SLUG --position N [--lang en|fa]',
  ].join('\n       '),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        lang: { type: 'string', default: 'en' },
        article: { type: 'string' },
        expires: { type: 'string' },
        position: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const action = positionals[0];
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(
        `must-read needs an action: ${ACTIONS.join(', ')}${action ? ` (got "${action}")` : ''}`,
      );
    }
    if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}"`);
    const lang = values.lang!;
    if (!isLanguage(lang)) throw new UsageError(`--lang must be en or fa (got "${lang}")`, '--lang');
    if (action !== 'list' && !values.article)
      throw new UsageError(`--article is required for must-read ${action}`, '--article');
    const position = positiveInteger(values.position, '--position', { required: action === 'move' });
    if (values.expires !== undefined && !isValidIso(values.expires)) {
      throw new UsageError(
        `--expires must be an ISO-8601 UTC time like 2026-12-01T09:00:00Z (got "${values.expires}")`,
        '--expires',
      );
    }
    if (values.expires !== undefined && action !== 'add')
      throw new UsageError('--expires only applies to must-read add', '--expires');

    const deps = await compose(loadConfig(io.env));
    try {
      return await perform(deps, io, action as Action, lang, values.article, values.expires, position);
    } finally {
      await deps.close();
    }
  },
};

async function perform(
  deps: Composed,
  io: CliIo,
  action: Action,
  lang: Language,
  slug: string | undefined,
  expiresRaw: string | undefined,
  position: number | undefined,
): Promise<number> {
  const now = deps.clock().toISOString();
  if (action === 'list') {
    await printList(deps, io, lang, now);
    return 0;
  }
  const article = await deps.repos.articles.bySlug(lang, slug!);
  if (!article) throw new UsageError(`--article: no ${lang} article has the slug "${slug}"`, '--article');
  const expires = expiresRaw === undefined ? null : new Date(expiresRaw).toISOString();
  if (expires !== null && expires <= now)
    throw new UsageError(`--expires must be in the future (got ${expiresRaw})`, '--expires');
  const entries = await deps.repos.mustRead.all(lang);
  const listed = entries.some((e) => e.articleId === article.id);

  if (action === 'add') {
    if (position !== undefined && position > entries.length + (listed ? 0 : 1)) {
      throw new UsageError(
        `--position must be between 1 and ${entries.length + (listed ? 0 : 1)}`,
        '--position',
      );
    }
    await deps.database.db.transaction().execute(async (trx) => {
      const { createRepos } = await import('../db/repositories/index.ts');
      const repos = createRepos(trx);
      await repos.mustRead.add(lang, article.id, expires, now);
      if (position !== undefined) await moveTo(repos.mustRead, lang, article.id, position);
    });
    if (article.status !== 'published')
      io.stderr(`warning: "${slug}" is not published yet; it will show once it is\n`);
    io.stdout(`${listed ? 'Updated' : 'Added'} "${article.headline}" in the ${lang} must-read list\n`);
  } else if (action === 'remove') {
    if (!listed)
      throw new UsageError(`--article: "${slug}" is not in the ${lang} must-read list`, '--article');
    await deps.repos.mustRead.remove(lang, article.id);
    io.stdout(`Removed "${article.headline}" from the ${lang} must-read list\n`);
  } else {
    if (!listed)
      throw new UsageError(`--article: "${slug}" is not in the ${lang} must-read list`, '--article');
    if (position! > entries.length)
      throw new UsageError(`--position must be between 1 and ${entries.length}`, '--position');
    await moveTo(deps.repos.mustRead, lang, article.id, position!);
    io.stdout(`Moved "${article.headline}" to position ${position}\n`);
  }
  deps.events.emit({ type: 'curation.changed', language: lang });
  await printList(deps, io, lang, now);
  return 0;
}

async function moveTo(
  mustRead: Composed['repos']['mustRead'],
  lang: Language,
  articleId: number,
  position: number,
): Promise<void> {
  const order = (await mustRead.all(lang)).map((e) => e.articleId).filter((id) => id !== articleId);
  order.splice(position - 1, 0, articleId);
  await mustRead.reorder(lang, order);
}

async function printList(deps: Composed, io: CliIo, lang: Language, now: string): Promise<void> {
  const entries = await deps.repos.mustRead.all(lang);
  if (entries.length === 0) {
    io.stdout(`The ${lang} must-read list is empty (the module is hidden).\n`);
    return;
  }
  io.stdout(`Must read (${lang}):\n`);
  for (const [i, entry] of entries.entries()) {
    const article = await deps.repos.articles.byId(entry.articleId);
    const state =
      entry.expiresAt && entry.expiresAt <= now
        ? ' [expired]'
        : entry.expiresAt
          ? ` [until ${entry.expiresAt}]`
          : '';
    const hidden = article && article.status !== 'published' ? ` [${article.status}]` : '';
    io.stdout(
      `  ${i + 1}. ${article?.slug ?? `#${entry.articleId}`} — ${article?.headline ?? '(missing)'}${state}${hidden}\n`,
    );
  }
}
