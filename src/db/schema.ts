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
  /** Migration 006: an image still hosted elsewhere (imports); such a row has no variants. */
  remote_url: Generated<string | null>;
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
  /** As article_tags.listed_at. */
  listed_at: string | null;
  /** Copy of the article's language: an author page lists one edition from one index. */
  language: string | null;
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

/** Migration 006: which source record (WordPress post 12 of site X) made which row; makes imports idempotent. */
export interface ImportKeyTable {
  source: string;
  entity: string;
  source_key: string;
  entity_id: number;
  created_at: string;
}

/** Migration 003: a newsroom account. `role` is a domain Role (src/domain/permissions.ts). */
export interface UserTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  name: string;
  role: string;
  /** argon2id PHC string. */
  password_hash: string;
  /** Encrypted (src/accounts/secret-box.ts); set while enrolling and once enabled. */
  totp_secret: string | null;
  totp_enabled: number;
  /** Last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
  disabled: number;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

/** Migration 003: a signed-in browser. `id` is the SHA-256 of the cookie's token, never the token. */
export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  /** 1 while the password is checked but the second factor not yet given: grants nothing. */
  pending_second_factor: number;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry; idle expiry is computed from last_seen_at. */
  expires_at: string;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface PasswordResetTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  name: string;
  role: string;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

/** Failed sign-ins per account and per address; keys are keyed hashes, never raw addresses. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_email: string;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON object. */
  detail: string;
}

/** Migration 004: views per article per UTC hour (`2026-11-27T14`), flushed in batches. */
export interface ArticleViewsHourlyTable {
  article_id: number;
  hour: string;
  views: number;
}

/** Migration 004: how often readers went from one article straight to another (aggregate only). */
export interface CovisitPairTable {
  from_id: number;
  to_id: number;
  count: number;
  updated_hour: string;
}

/** Migration 007: an API key; only its SHA-256 is kept. `scopes` is a comma list (src/api/scopes.ts). */
export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  prefix: string;
  scopes: string;
  user_id: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Migration 007: a webhook; `events` is a comma list of ContentEvent types (or `*`). */
export interface WebhookTable {
  id: Generated<number>;
  url: string;
  events: string;
  secret: string;
  active: number;
  created_at: string;
}

/** Migration 007: one delivery attempt of one event to one hook. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  delivery_id: string;
  event: string;
  attempt: number;
  status_code: number | null;
  outcome: 'delivered' | 'retrying' | 'failed';
  error: string | null;
  duration_ms: number;
  at: string;
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
  article_views_hourly: ArticleViewsHourlyTable;
  covisit_pairs: CovisitPairTable;
  import_keys: ImportKeyTable;
  article_revisions: ArticleRevisionTable;
  users: UserTable;
  sessions: SessionTable;
  recovery_codes: RecoveryCodeTable;
  password_resets: PasswordResetTable;
  invitations: InvitationTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeyTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
}

export type Section = Selectable<SectionTable>;
export type Tag = Selectable<TagTable>;
export type Author = Selectable<AuthorTable>;
export type Media = Selectable<MediaTable>;
export type Article = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type ArticleNote = Selectable<ArticleNoteTable>;
export type User = Selectable<UserTable>;
export type Session = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
