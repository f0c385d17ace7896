// Entry of the related-model build worker (see build-worker.ts). A worker thread does not get the
// main thread's TypeScript loader when that was registered through tsx's API (bin/broadsheet.js)
// or by vitest, so the worker loads its TypeScript through tsx's scoped import.
import { tsImport } from 'tsx/esm/api';

await tsImport('./build-worker.ts', import.meta.url);
