/** A browser's User-Agent: robots are not counted as readers (no history cookie, no view). */
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/**
 * V8 flags the server runs with: those of bin/broadsheet.js's first line and `npm start` (a young
 * generation of 8 MB instead of 32, and the old generation's limit raised by a quarter after each
 * full collection instead of up to fourfold: together a few hundred megabytes less resident
 * memory under load; docs/operations.md).
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=25'];
