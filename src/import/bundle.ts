import type { Language } from '../domain/language.ts';

/** What any importer (WordPress, Ghost) produces: source-neutral content to write in one go. */
export interface ImportBundle {
  /** Identifies the source site, e.g. `wxr:https://old.example/`; keys below are unique within it. */
  source: string;
  language: Language;
  sections: { key: string; slug: string; name: string; description: string; parentKey: string | null }[];
  tags: { key: string; slug: string; name: string; description: string }[];
  authors: { key: string; slug: string; name: string; email: string | null; bio: string }[];
  /** Images kept where they are (remote references). */
  media: { key: string; url: string; alt: string; caption: string; mime: string }[];
  articles: ImportArticle[];
  report: ImportReport;
}

export interface ImportArticle {
  key: string;
  slug: string;
  headline: string;
  excerpt: string;
  /** HTML, not yet sanitised. */
  bodyHtml: string;
  status: 'draft' | 'review' | 'scheduled' | 'published';
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  sectionKey: string | null;
  tagKeys: string[];
  authorKeys: string[];
  mediaKey: string | null;
  featuredAlt: string;
  featuredCaption: string;
  canonicalUrl: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  /** Old site paths (`/2019/05/slug/`) to redirect to the new article. */
  oldPaths: string[];
}

export interface ImportReport {
  /** Comments found in the file (never imported). */
  comments: number;
  /** Items not imported, by kind (page, attachment, nav_menu_item, trash ...). */
  skipped: Record<string, number>;
  warnings: string[];
}

export interface ImportSummary {
  articlesCreated: number;
  articlesUnchanged: number;
  sectionsCreated: number;
  tagsCreated: number;
  authorsCreated: number;
  mediaCreated: number;
  redirects: number;
  comments: number;
  skipped: Record<string, number>;
  warnings: string[];
  milliseconds: number;
}

export function bumpSkipped(report: ImportReport, kind: string): void {
  report.skipped[kind] = (report.skipped[kind] ?? 0) + 1;
}
