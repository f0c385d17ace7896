import { diffWordsWithSpace } from 'diff';
import type { RevisionFields } from '../../db/repositories/revisions.ts';
import { html, type SafeHtml } from '../views/html.ts';

export interface DiffStats {
  added: number;
  removed: number;
}

const countWords = (s: string): number => s.split(/\s+/u).filter(Boolean).length;

/**
 * A word-level diff as accessible HTML: insertions in <ins>, deletions in <del>, each with a
 * visually hidden label so screen readers say what changed (they do not announce ins/del).
 */
export function wordDiff(before: string, after: string): { html: SafeHtml; stats: DiffStats } {
  const stats: DiffStats = { added: 0, removed: 0 };
  const parts = diffWordsWithSpace(before, after).map((part) => {
    if (part.added) {
      stats.added += countWords(part.value);
      // prettier-ignore
      return html`<ins><span class="visually-hidden">[added: </span>${part.value}<span class="visually-hidden">]</span></ins>`;
    }
    if (part.removed) {
      stats.removed += countWords(part.value);
      // prettier-ignore
      return html`<del><span class="visually-hidden">[removed: </span>${part.value}<span class="visually-hidden">]</span></del>`;
    }
    return html`${part.value}`;
  });
  return { html: html`${parts}`, stats };
}

/** Text fields compared between revisions, with their labels, in form order. */
export const DIFF_FIELDS: { key: keyof RevisionFields; label: string }[] = [
  { key: 'headline', label: 'Headline' },
  { key: 'standfirst', label: 'Standfirst' },
  { key: 'bodySource', label: 'Body' },
  { key: 'excerpt', label: 'Excerpt' },
  { key: 'slug', label: 'Slug' },
  { key: 'language', label: 'Edition' },
  { key: 'seoTitle', label: 'SEO title' },
  { key: 'seoDescription', label: 'SEO description' },
  { key: 'canonicalUrl', label: 'Canonical URL' },
  { key: 'featuredAlt', label: 'Image alternative text' },
  { key: 'featuredCaption', label: 'Image caption' },
  { key: 'featuredCredit', label: 'Image credit' },
  { key: 'status', label: 'Status' },
];

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** Every changed field between two revisions, diffed word by word; unchanged fields are listed as such. */
export function revisionDiff(
  a: RevisionFields,
  b: RevisionFields,
  extra: { label: string; before: string; after: string }[] = [],
): SafeHtml {
  const rows = [
    ...DIFF_FIELDS.map((f) => ({ label: f.label, before: asText(a[f.key]), after: asText(b[f.key]) })),
    ...extra,
  ];
  const changed = rows.filter((r) => r.before !== r.after);
  const same = rows.filter((r) => r.before === r.after).map((r) => r.label);
  return html`${
    changed.length
      ? html`<dl class="diff">
          ${changed.map((r) => {
            const d = wordDiff(r.before, r.after);
            return html`<dt>
                ${r.label}
                <span class="diff-stats">(${d.stats.added} words added, ${d.stats.removed} removed)</span>
              </dt>
              <dd class="diff-text">${d.html}</dd>`;
          })}
        </dl>`
      : html`<p>The two revisions have the same content.</p>`
  }${same.length ? html`<p class="hint">Unchanged: ${same.join(', ')}.</p>` : ''}`;
}
