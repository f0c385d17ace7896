import { html, type SafeHtml } from '../views/html.ts';

/** Field name -> message, as carried by BroadsheetError.fields. */
export type FieldErrors = Record<string, string>;

export interface FieldOptions {
  name: string;
  label: string;
  /** What was typed, kept on a failed submit (never echoed for passwords). */
  value?: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'datetime-local' | 'search';
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  maxlength?: number;
  pattern?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
}

const id = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/**
 * A labelled input with its hint and inline error wired up for screen readers
 * (`aria-describedby`, `aria-invalid`), keeping what was typed.
 */
export function field(o: FieldOptions): SafeHtml {
  const fid = id(o.name);
  const described = [o.hint ? `${fid}-hint` : '', o.error ? `${fid}-error` : ''].filter(Boolean).join(' ');
  const value = o.type === 'password' ? '' : (o.value ?? '');
  return html`<div class="field${o.error ? ' field-invalid' : ''}">
    <label for="${fid}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${fid}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="error" id="${fid}-error"><span class="visually-hidden">Error: </span>${o.error}</p>` : ''}
    <input
      id="${fid}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${value}"
      ${o.required ? html` required` : ''}${
        o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''
      }${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${
        o.pattern ? html` pattern="${o.pattern}"` : ''
      }${o.dir ? html` dir="${o.dir}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}
    />
  </div>`;
}

export interface SelectOptions {
  name: string;
  label: string;
  value?: string;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  hint?: string;
}

export function select(o: SelectOptions): SafeHtml {
  const fid = id(o.name);
  const described = [o.hint ? `${fid}-hint` : '', o.error ? `${fid}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field-invalid' : ''}">
    <label for="${fid}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${fid}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="error" id="${fid}-error"><span class="visually-hidden">Error: </span>${o.error}</p>` : ''}
    <select
      id="${fid}"
      name="${o.name}"
      ${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}
    >
      ${o.options.map((opt) => html`<option value="${opt.value}" ${opt.value === o.value ? html` selected` : ''}>${opt.label}</option>`)}
    </select>
  </div>`;
}

/**
 * The list of problems at the top of a form that failed, each linking to its field
 * (GOV.UK pattern): announced first, and one keypress from the field.
 */
export function errorSummary(errors: FieldErrors, general?: string): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !general) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">There is a problem</h2>
    ${general ? html`<p>${general}</p>` : ''}
    ${
      entries.length
        ? html`<ul>
            ${entries.map(([name, message]) => html`<li><a href="#${id(name)}">${message}</a></li>`)}
          </ul>`
        : ''
    }
  </div>`;
}

/** A form's string field from a parsed urlencoded body (anything else reads as ''). */
export function formValue(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}
