/**
 * Escape-by-default HTML templating. Every interpolated value is escaped unless it is already
 * `SafeHtml` (built by this tag, or explicitly marked with `trusted()` after sanitising).
 *
 * @example html`<p>${userText}</p>` // userText is escaped
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const NEEDS_ESCAPE = /[&<>"']/;

export function escapeHtml(value: string): string {
  // Most interpolations (ids, URLs, plain headlines) have nothing to escape: skip the rewrite.
  return NEEDS_ESCAPE.test(value) ? value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!) : value;
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks already-sanitised HTML (article bodies from the sanitiser, JSON-LD we serialised) as safe. */
export function trusted(value: string): SafeHtml {
  return new SafeHtml(value);
}

/** JSON for a `<script type="application/ld+json">` block: `<` is escaped so it cannot close the tag. */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
