import { renderMarkdown, sanitizeBodyHtml } from '../domain/body.ts';
import { invalid } from '../domain/errors.ts';
import { htmlToText, oneLine, wordCount } from '../domain/excerpt.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { isValidIso } from '../domain/dates.ts';

/** Fields an editor (or importer) supplies for an article. */
export interface ArticleFields {
  language: Language;
  headline: string;
  standfirst?: string;
  excerpt?: string;
  bodySource: string;
  bodyFormat?: 'markdown' | 'html';
  slug?: string;
  sectionId?: number | null;
  tagIds?: number[];
  authorIds?: number[];
  featuredMediaId?: number | null;
  featuredAlt?: string;
  featuredCaption?: string;
  featuredCredit?: string;
  canonicalUrl?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  translationGroup?: string | null;
}

/** Validates fields, collecting every problem so a form can show them all at once. */
export function validateArticleFields(fields: ArticleFields): void {
  const errors: Record<string, string> = {};
  if (!isLanguage(fields.language)) errors.language = 'Choose a language edition';
  const headline = fields.headline?.trim() ?? '';
  if (!headline) errors.headline = 'A headline is required';
  else if (headline.length > 300) errors.headline = 'Keep the headline under 300 characters';
  if ((fields.standfirst ?? '').length > 1000)
    errors.standfirst = 'Keep the standfirst under 1,000 characters';
  if ((fields.excerpt ?? '').length > 500) errors.excerpt = 'Keep the excerpt under 500 characters';
  if (fields.bodySource.length > 2_000_000) errors.bodySource = 'The body is too long';
  if (fields.featuredMediaId && !(fields.featuredAlt ?? '').trim())
    errors.featuredAlt = 'Describe the image for readers who cannot see it';
  if (fields.canonicalUrl) {
    try {
      const u = new URL(fields.canonicalUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
    } catch {
      errors.canonicalUrl = 'Canonical URL must be an absolute http(s) URL';
    }
  }
  if (Object.keys(errors).length > 0) throw invalid('The article has errors', errors);
}

/** Derived columns: rendered, sanitised HTML, word count, and an excerpt if none was written. */
export function renderFields(fields: ArticleFields) {
  const bodyHtml =
    fields.bodyFormat === 'html' ? sanitizeBodyHtml(fields.bodySource) : renderMarkdown(fields.bodySource);
  const text = htmlToText(bodyHtml);
  const excerpt = (fields.excerpt ?? '').trim() || oneLine(fields.standfirst?.trim() || text, 200);
  return { bodyHtml, excerpt, wordCount: wordCount(text) };
}

export function assertIso(value: string | undefined, field: string): void {
  if (value !== undefined && !isValidIso(value))
    throw invalid(`${field} must be an ISO-8601 UTC time`, {
      [field]: 'Use a date and time like 2026-11-27T09:00:00.000Z',
    });
}
