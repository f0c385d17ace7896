import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BroadsheetError } from '../../domain/errors.ts';
import type { Language } from '../../domain/language.ts';

/** One article of a labelled corpus; the label is held back from everything but scoring. */
export interface LabelledDoc {
  language: Language;
  title: string;
  standfirst: string;
  paragraphs: string[];
  tags: string[];
  /** Empty when the corpus gives none: such articles are loaded but neither queried nor relevant. */
  label: string;
}

interface FarsItem {
  title?: unknown;
  abstract?: unknown;
  paragraphs?: unknown;
  cat?: unknown;
  tags?: unknown;
  link?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function fromFarsJson(path: string, seen: Set<string>, out: LabelledDoc[]): void {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BroadsheetError('BAD_REQUEST', `${path}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data))
    throw new BroadsheetError('BAD_REQUEST', `${path}: expected a JSON array of articles`);
  data.forEach((raw: FarsItem, i) => {
    if (typeof raw !== 'object' || raw === null || typeof raw.title !== 'string') {
      throw new BroadsheetError('BAD_REQUEST', `${path}: item ${i} has no "title"`);
    }
    const key = str(raw.link) || raw.title;
    if (seen.has(key)) return;
    seen.add(key);
    // The Fars abstract starts with the agency's dateline ("خبرگزاری فارس: "), which every article shares.
    const standfirst = str(raw.abstract).replace(/^\s*خبرگزار[يی] فارس\s*:\s*/u, '');
    out.push({
      language: 'fa',
      title: raw.title.trim(),
      standfirst,
      paragraphs: Array.isArray(raw.paragraphs) ? raw.paragraphs.map(str).filter(Boolean) : [],
      tags: Array.isArray(raw.tags)
        ? raw.tags
            .map(str)
            .map((t) => t.trim())
            .filter(Boolean)
        : [],
      label: str(raw.cat).trim(),
    });
  });
}

const PERSIAN = /[\u0600-\u06ff]/g;

function fromLabelFolders(dir: string, out: LabelledDoc[]): void {
  for (const label of readdirSync(dir).sort()) {
    const folder = join(dir, label);
    if (!statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).sort()) {
      const path = join(folder, file);
      if (!statSync(path).isFile()) continue;
      const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
      const [first = '', ...rest] = text.split('\n');
      if (!first.trim()) throw new BroadsheetError('BAD_REQUEST', `${path}: line 1 must be the title`);
      const paragraphs = rest
        .join('\n')
        .split(/\n\s*\n|\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      const persian = (text.match(PERSIAN) ?? []).length > text.length * 0.3;
      out.push({
        language: persian ? 'fa' : 'en',
        title: first.trim(),
        standfirst: '',
        paragraphs,
        tags: [],
        label,
      });
    }
  }
}

/**
 * Reads a labelled corpus: a Fars-News-style JSON file (or a folder of them), or a folder with
 * one sub-folder per label holding text files whose first line is the title.
 */
export function loadLabelledCorpus(path: string): LabelledDoc[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new BroadsheetError('BAD_REQUEST', `${path}: no such file or folder`);
  }
  const out: LabelledDoc[] = [];
  const seen = new Set<string>();
  if (stat.isFile()) fromFarsJson(path, seen, out);
  else {
    const jsons = readdirSync(path)
      .filter((f) => f.endsWith('.json'))
      .sort();
    if (jsons.length > 0) for (const f of jsons) fromFarsJson(join(path, f), seen, out);
    else fromLabelFolders(path, out);
  }
  if (out.length < 10)
    throw new BroadsheetError(
      'BAD_REQUEST',
      `${basename(path)}: a corpus needs at least 10 articles (found ${out.length})`,
    );
  return out;
}
