import { trusted, type SafeHtml } from '../views/html.ts';

/**
 * Gives the form fields in `fragment` ids of their own (`f-NAME` -> `f-PREFIX-NAME`, with their
 * labels, descriptions and error links), for pages that repeat a form per item. User text is
 * escaped before it gets here, so only our own attributes can match.
 */
export function scopeIds(prefix: string, fragment: SafeHtml): SafeHtml {
  if (!prefix) return fragment;
  return trusted(
    fragment.value
      .replace(/\b(id|for)="f-/g, `$1="f-${prefix}-`)
      .replace(/href="#f-/g, `href="#f-${prefix}-`)
      .replace(
        /aria-describedby="([^"]*)"/g,
        (_m, v: string) => `aria-describedby="${v.replace(/(^|\s)f-/g, `$1f-${prefix}-`)}"`,
      ),
  );
}

/** A value a `datetime-local` input accepts, or '' (a mistyped value is shown in the error instead). */
export function dateTimeValue(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? value : '';
}
