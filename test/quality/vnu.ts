import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export const VNU_JAR = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

export interface VnuMessage {
  /** Which document: the name given to `validateHtml`. */
  page: string;
  type: string;
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
  lastColumn?: number;
}

/**
 * Validates many documents with ONE Nu HTML checker run (a JVM start costs seconds), returning
 * only errors, each labelled with the page it came from.
 */
export async function validateHtml(documents: Record<string, string>): Promise<VnuMessage[]> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-vnu-'));
  const fileToPage = new Map<string, string>();
  try {
    const files = Object.entries(documents).map(([page, body], i) => {
      const file = join(dir, `${i}.html`);
      writeFileSync(file, body);
      fileToPage.set(`${i}.html`, page);
      return file;
    });
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        'java',
        ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let out = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      // Exit code 1 only means "errors found": the JSON report says which.
      child.on('close', () => resolve(out));
    });
    let report: { messages?: Array<Omit<VnuMessage, 'page'> & { url?: string }> };
    try {
      report = JSON.parse(stderr) as typeof report;
    } catch {
      throw new Error(`vnu did not produce a JSON report: ${stderr.slice(0, 2000)}`);
    }
    return (report.messages ?? [])
      .filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal')
      .map(({ url, ...m }) => ({
        page: fileToPage.get((url ?? '').split('/').pop() ?? '') ?? url ?? '?',
        ...m,
      }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per message, readable in a failed assertion. */
export function formatVnu(messages: readonly VnuMessage[]): string {
  return messages
    .map(
      (m) =>
        `${m.page} [line ${m.lastLine ?? '?'}:${m.lastColumn ?? '?'}] ${m.message}${m.extract ? `  «${m.extract.replace(/\s+/g, ' ')}»` : ''}`,
    )
    .join('\n');
}
