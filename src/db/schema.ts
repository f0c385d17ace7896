import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Times are ISO-8601 UTC strings (`2026-11-27T14:00:00.000Z`) in both databases:
 * they sort and compare as text, so one query works everywhere. Booleans are 0/1 integers and
 * structured fields JSON text, for the same reason.
 */
export interface SectionTable {
  id: Generated<number>;
  language: string;
  slug: string;
  name: string;
  description: string;
  parent_id: number | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface TagTable {
  id: Generated<number>;
  language: string;
  slug: string;
  name: string;
  description: string;
  created_at: string;
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  photo_media_id: number | null;
  /** JSON array of {label, url}. */
  links: string;
  email: string | null;
  /** Set when the byline belongs to a newsroom account; guests have none. */
  user_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  /** Storage key without extension, e.g. `2026/11/ab12cd`. */
  storage_key: string;
  original_name: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  /** JSON: [{width, height, format, path}] of generated derivatives. */
  variants: string;
  created_at: string;
}

export type ArticleStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';

export interface ArticleTable {
  id: Generated<number>;
  language: string;
  slug: string;
  headline: string;
  standfirst: string;
  excerpt: string;
  body_format: string;
  body_source: string;
  body_html: string;
  word_count: number;
  status: ArticleStatus;
  section_id: number | null;
  featured_media_id: number | null;
  featured_alt: string;
  featured_caption: string;
  featured_credit: string;
  canonical_url: string | null;
  seo_title: string | null;
  seo_description: string | null;
  /** Articles sharing a translation_group are translations of the same story. */
  translation_group: string | null;
  created_at: string;
  updated_at: string;
  /** When it went (or goes) public; also the sort key of every public list. */
  published_at: string | null;
  /** Nothing of an embargoed article is public before this time. */
  embargo_until: string | null;
  unpublish_at: string | null;
  /** Optimistic concurrency: bumped on every save. */
  version: number;
}

export interface ArticleTagTable {
  article_id: number;
  tag_id: number;
  position: number;
  /** Copy of the article's published_at while it is public, else null: lets tag pages use one index. */
  listed_at: string | null;
}

export interface ArticleAuthorTable {
  article_id: number;
  author_id: number;
  position: number;
  listed_at: string | null;
}

export interface ArticleNoteTable {
  id: Generated<number>;
  article_id: number;
  kind: 'correction' | 'update';
  body: string;
  created_at: string;
}

export interface RedirectTable {
  from_path: string;
  to_path: string;
  status_code: number;
  created_at: string;
}

export interface MustReadTable {
  id: Generated<number>;
  language: string;
  article_id: number;
  position: number;
  expires_at: string | null;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** A saved state of an article (migration 005): who, when, and every field as JSON. */
export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  /** The article version this revision recorded. */
  version: number;
  user_id: number | null;
  user_name: string;
  /** save | autosave | create | restore | publish ... */
  reason: string;
  /** JSON of RevisionFields (src/db/repositories/revisions.ts). */
  fields: string;
  created_at: string;
}

export interface DB {
  sections: SectionTable;
  tags: TagTable;
  authors: AuthorTable;
  media: MediaTable;
  articles: ArticleTable;
  article_tags: ArticleTagTable;
  article_authors: ArticleAuthorTable;
  article_notes: ArticleNoteTable;
  redirects: RedirectTable;
  must_read: MustReadTable;
  settings: SettingTable;
  article_revisions: ArticleRevisionTable;
}

export type Section = Selectable<SectionTable>;
export type Tag = Selectable<TagTable>;
export type Author = Selectable<AuthorTable>;
export type Media = Selectable<MediaTable>;
export type Article = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type ArticleNote = Selectable<ArticleNoteTable>;
