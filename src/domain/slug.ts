/**
 * Slugs are lower-case, hyphen-separated and keep Unicode letters, so Persian headlines get
 * readable Persian slugs. ZWNJ (U+200C) becomes a hyphen rather than being dropped so that
 * compound words stay apart.
 */
export function slugify(input: string, maxLength = 80): string {
  const slug = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200c\u200d\u200e\u200f]/g, '-')
    .replace(/[\u064b-\u065f\u0670]/g, '') // Arabic diacritics
    .replace(/['’‘`"]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  const cut = slug.slice(0, maxLength).replace(/-+$/, '');
  return cut || 'untitled';
}

const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= 120 && SLUG_PATTERN.test(slug);
}

/** Returns `base`, or `base-2`, `base-3`... the first one `taken` says is free. */
export async function uniqueSlug(base: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}
