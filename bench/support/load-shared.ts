/** A browser's User-Agent: robots are not counted as readers (no history cookie, no view). */
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/**
 * V8 flags the server runs with: those of bin/broadsheet.js's first line and `npm start` (a young
 * generation of 8 MB instead of 32: about a hundred megabytes less resident memory under load).
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=4'];
