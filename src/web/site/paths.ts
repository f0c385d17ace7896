import { editionPrefix, type Language } from '../../domain/language.ts';

/** Public URL scheme, in one place. Slugs may be Persian, so they are percent-encoded. */
export const homePath = (language: Language): string => `${editionPrefix(language)}/`;
export const articlePath = (language: Language, slug: string): string =>
  `${editionPrefix(language)}/news/${encodeURIComponent(slug)}`;
export const sectionPath = (language: Language, slug: string): string =>
  `${editionPrefix(language)}/section/${encodeURIComponent(slug)}`;
export const tagPath = (language: Language, slug: string): string =>
  `${editionPrefix(language)}/tag/${encodeURIComponent(slug)}`;
export const authorPath = (language: Language, slug: string): string =>
  `${editionPrefix(language)}/author/${encodeURIComponent(slug)}`;
export const searchPath = (language: Language): string => `${editionPrefix(language)}/search`;
/** Stored derivatives live under /media; imported images may still be remote (absolute URLs). */
export const mediaUrl = (path: string): string => (/^https?:\/\//.test(path) ? path : `/media/${path}`);
