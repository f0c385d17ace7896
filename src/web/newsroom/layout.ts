import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/permissions.ts';
import type { AppDeps } from '../deps.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { CSRF_FIELD } from './csrf.ts';
import { newsroomContext } from './auth.ts';
import { NAV } from './nav.ts';
import { STYLES_PATH } from './styles.ts';

export interface NewsroomPageOptions {
  /** The page's <h1> and the first part of <title>. */
  title: string;
  body: SafeHtml;
  /** One-line confirmation after a post/redirect/get ("Saved."), announced politely. */
  notice?: string | null;
  /** Extra stylesheet or script URLs (same origin: the CSP allows 'self' only). */
  styles?: string[];
  scripts?: string[];
  /** Content language/direction of the page when it is not English (e.g. the Persian editor). */
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** Hide the <h1> heading when the body brings its own. */
  bodyHasHeading?: boolean;
}

/** Site name as set in the newsroom, else SITE_NAME. */
export async function siteName(deps: AppDeps): Promise<string> {
  return (await deps.repos.settings.get('site_name')) || deps.config.siteName;
}

function isCurrent(path: string, href: string): boolean {
  if (href === '/admin') return path === '/admin';
  return path === href || path.startsWith(`${href}/`);
}

/**
 * The newsroom page frame: skip link, header with navigation and the signed-in user, main
 * landmark with the page heading, footer. Works without JavaScript; everything is escaped.
 */
export async function newsroomPage(
  deps: AppDeps,
  req: FastifyRequest,
  o: NewsroomPageOptions,
): Promise<SafeHtml> {
  const ctx = newsroomContext(req);
  const user = ctx?.user ?? null;
  const name = await siteName(deps);
  const path = req.url.split('?')[0]!.replace(/\/+$/, '') || '/';
  const items = user ? NAV.filter((item) => !item.action || can(user, item.action)) : [];
  return html`<!doctype html>
    <html lang="${o.lang ?? 'en'}" dir="${o.dir ?? 'ltr'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${o.title} · ${name} newsroom</title>
        <link rel="stylesheet" href="${STYLES_PATH}" />
        ${(o.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        ${(o.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="nr-header">
          <div class="nr-bar">
            <p class="nr-brand">
              <a href="/admin">${name} <span>newsroom</span></a>
            </p>
            ${
              user
                ? html`<div class="nr-user">
                    <a href="/admin/account">${user.name || user.email}</a>
                    <form method="post" action="/admin/sign-out" class="inline-form">
                      <input type="hidden" name="${CSRF_FIELD}" value="${ctx?.csrfToken ?? ''}" />
                      <button type="submit" class="link-button">Sign out</button>
                    </form>
                  </div>`
                : ''
            }
          </div>
          ${
            items.length
              ? html`<nav class="nr-nav" aria-label="Newsroom">
                  <ul>
                    ${items.map((item) => html`<li><a href="${item.href}" ${isCurrent(path, item.href) ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}
                  </ul>
                </nav>`
              : ''
          }
        </header>
        <main id="main" tabindex="-1">
          ${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
          ${o.bodyHasHeading ? '' : html`<h1>${o.title}</h1>`} ${o.body}
        </main>
        <footer class="nr-footer">
          <p><a href="/">View the site</a></p>
        </footer>
      </body>
    </html>`;
}

/** Sends a newsroom page: HTML, never cached (it is personal), with `status`. */
export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`${page.value}\n`);
}

/** A plain page for refusals (403, 401, 404 ...) in the newsroom frame. */
export async function sendErrorPage(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
  next?: { href: string; label: string },
): Promise<FastifyReply> {
  const body = html`<p>${message}</p>
    ${next ? html`<p><a href="${next.href}">${next.label}</a></p>` : ''}`;
  return sendPage(reply, await newsroomPage(deps, req, { title, body }), status);
}

/** The PRG notice: `?done=KEY` after a redirect, looked up in the page's own messages. */
export function noticeFrom(req: FastifyRequest, messages: Record<string, string>): string | null {
  const key = (req.query as Record<string, unknown> | undefined)?.done;
  return typeof key === 'string' && Object.hasOwn(messages, key) ? messages[key]! : null;
}
