import type { FastifyInstance } from 'fastify';

/** Where the newsroom stylesheet is served (same origin: the CSP forbids inline styles). */
export const STYLES_PATH = '/admin/assets/newsroom.css?v=2';

/**
 * The newsroom's own look: calm, dense enough for a working desk, high contrast (WCAG AA at
 * least), visible focus, logical properties so right-to-left editing screens mirror.
 */
export const NEWSROOM_CSS = `@font-face{font-family:'Inter';font-style:normal;font-display:swap;font-weight:400;src:url('/assets/fonts/inter/inter-latin-400-normal.woff2') format('woff2')}
@font-face{font-family:'Inter';font-style:normal;font-display:swap;font-weight:700;src:url('/assets/fonts/inter/inter-latin-700-normal.woff2') format('woff2')}
:root{--ink:#1b1e23;--muted:#4d5561;--paper:#fff;--wash:#f4f5f7;--rule:#d5d9e0;--accent:#0b5cad;--accent-ink:#fff;--danger:#a4161a;--ok:#1d6b35;--focus:#f5b400;
font-family:Inter,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:100%;line-height:1.5;color:var(--ink);background:var(--wash)}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column}
a{color:var(--accent)}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip-link{position:absolute;inset-inline-start:.5rem;inset-block-start:-3rem;background:var(--ink);color:var(--paper);padding:.5rem 1rem;z-index:10}
.skip-link:focus{inset-block-start:.5rem}
.nr-header{background:var(--ink);color:var(--paper)}
.nr-bar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.25rem;max-width:80rem;margin:0 auto}
.nr-brand{margin:0;font-weight:700;font-size:1.1rem}
.nr-brand a{color:var(--paper);text-decoration:none}
.nr-brand span{font-weight:400;color:#c9ced6}
.nr-user{display:flex;gap:1rem;align-items:center}
.nr-user a,.nr-user .link-button{color:var(--paper)}
.nr-nav{background:#2a2f37}
.nr-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;margin:0 auto;padding:0 1rem;max-width:80rem}
.nr-nav a{display:block;padding:.6rem .75rem;color:var(--paper);text-decoration:none;border-block-end:3px solid transparent}
.nr-nav a:hover{border-block-end-color:#8fb8e6}
.nr-nav a[aria-current=page]{border-block-end-color:var(--focus);font-weight:700}
main{flex:1;width:100%;max-width:80rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1.25rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
.nr-footer{border-block-start:1px solid var(--rule);background:var(--paper);padding:1rem 1.25rem;text-align:center;font-size:.9rem}
.panel{background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:1.25rem;margin-block-end:1.25rem}
.narrow{max-width:28rem}
.medium{max-width:44rem}
.field{margin-block-end:1rem}
.field label{display:block;font-weight:700;margin-block-end:.25rem}
.hint{margin:0 0 .35rem;color:var(--muted);font-size:.9rem}
.error{margin:0 0 .35rem;color:var(--danger);font-weight:700}
input[type=text],input[type=email],input[type=password],input[type=number],input[type=url],input[type=search],input[type=datetime-local],select,textarea{
font:inherit;width:100%;max-width:32rem;padding:.5rem .6rem;border:2px solid #6b7480;border-radius:4px;background:var(--paper);color:var(--ink)}
.field-invalid input,.field-invalid select{border-color:var(--danger)}
button,.button{font:inherit;display:inline-block;padding:.5rem 1rem;border:2px solid var(--accent);border-radius:4px;background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;font-weight:700}
button.secondary,.button.secondary{background:var(--paper);color:var(--accent)}
button.danger{background:var(--danger);border-color:var(--danger)}
button.small{padding:.2rem .6rem;font-size:.9rem}
.link-button{background:none;border:0;padding:0;color:var(--accent);text-decoration:underline;font-weight:400;cursor:pointer}
.inline-form{display:inline}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.row-actions select{width:auto}
.error-summary{border:3px solid var(--danger);background:var(--paper);padding:1rem 1.25rem;margin-block-end:1.25rem}
.error-summary h2{margin-block-start:0;color:var(--danger)}
.error-summary a{color:var(--danger);font-weight:700}
.notice{border-inline-start:6px solid var(--ok);background:var(--paper);padding:.75rem 1rem;margin:0 0 1.25rem}
.warning{border-inline-start:6px solid var(--focus);background:var(--paper);padding:.75rem 1rem;margin:0 0 1.25rem}
.secret{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.05rem;word-break:break-all;background:var(--wash);padding:.5rem .75rem;border-radius:4px}
.codes{columns:2;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.05rem;padding-inline-start:1.5rem}
.qr{width:12rem;height:12rem;background:var(--paper);border:1px solid var(--rule)}
table{border-collapse:collapse;width:100%;background:var(--paper)}
caption{text-align:start;font-weight:700;padding:.5rem 0}
th,td{text-align:start;vertical-align:top;padding:.5rem .6rem;border-block-end:1px solid var(--rule)}
th{background:var(--wash)}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;padding:0 .45rem;border-radius:3px;font-size:.85rem;font-weight:700;background:var(--wash);border:1px solid var(--rule)}
.badge.off{color:var(--danger)}
.badge.on{color:var(--ok)}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
.cards a{display:block;background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:1rem;font-weight:700;text-decoration:none}
.cards a:hover{border-color:var(--accent)}
.pager{display:flex;gap:1rem;margin-block-start:1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
pre.detail{margin:0;white-space:pre-wrap;word-break:break-word;font-size:.85rem}
@media (max-width:40rem){.codes{columns:1}h1{font-size:1.4rem}}
@media print{.nr-header,.nr-footer,.skip-link{display:none}}
`;

export function registerStyles(app: FastifyInstance): void {
  app.get('/admin/assets/newsroom.css', async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/css; charset=utf-8').send(NEWSROOM_CSS),
  );
}
