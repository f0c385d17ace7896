import { ImportFileError } from '../import-error.ts';

/** An element of a lenient XML tree: its text is the concatenation of its own text and CDATA. */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  copy: '©',
  reg: '®',
  trade: '™',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

function lineAt(xml: string, pos: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i !== -1 && i < pos; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CDATA_OPEN = '<![CDATA[';

/**
 * A small, fast, lenient XML reader for WordPress exports (which are written by string
 * concatenation): tags must balance, but stray `&` are kept as text and CDATA ends where
 * WordPress's own parser ends it, at a `]]>` followed by a closing tag or another CDATA part.
 * Throws ImportFileError with the line of the problem.
 */
export function parseXmlTree(xml: string): XNode {
  const root: XNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: { node: XNode; pos: number }[] = [{ node: root, pos: 0 }];
  const fail = (reason: string, pos: number): never => {
    throw new ImportFileError(`There was an error when reading this WXR file: ${reason}`, lineAt(xml, pos));
  };
  let pos = 0;
  const n = xml.length;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    const top = stack[stack.length - 1]!.node;
    if (lt === -1) {
      if (stack.length > 1) top.text += decodeEntities(xml.slice(pos));
      break;
    }
    if (lt > pos && stack.length > 1) top.text += decodeEntities(xml.slice(pos, lt));
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) fail('unterminated comment', lt);
      pos = end + 3;
    } else if (xml.startsWith(CDATA_OPEN, lt)) {
      let cursor = lt + CDATA_OPEN.length;
      let text = '';
      for (;;) {
        const end = xml.indexOf(']]>', cursor);
        if (end === -1) fail('unterminated CDATA section', lt);
        text += xml.slice(cursor, end);
        const after = end + 3;
        if (xml.startsWith(CDATA_OPEN, after)) {
          cursor = after + CDATA_OPEN.length;
          continue;
        }
        let k = after;
        while (k < n && (xml[k] === ' ' || xml[k] === '\n' || xml[k] === '\r' || xml[k] === '\t')) k++;
        if (k >= n || xml.startsWith('</', k)) {
          cursor = after;
          break;
        }
        text += ']]>';
        cursor = after;
      }
      if (stack.length > 1) top.text += text;
      pos = cursor;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) fail('unterminated processing instruction', lt);
      pos = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt + 2);
      if (end === -1) fail('unterminated declaration', lt);
      pos = end + 1;
    } else if (xml[lt + 1] === '/') {
      const end = xml.indexOf('>', lt + 2);
      if (end === -1) fail('unterminated closing tag', lt);
      const name = xml.slice(lt + 2, end).trim();
      if (stack.length === 1) fail(`closing tag </${name}> without an opening tag`, lt);
      const open = stack[stack.length - 1]!;
      if (open.node.name !== name)
        fail(
          `expected </${open.node.name}> (opened on line ${lineAt(xml, open.pos)}) but found </${name}>`,
          lt,
        );
      stack.pop();
      pos = end + 1;
    } else {
      // Start tag: find its end outside quoted attribute values.
      let k = lt + 1;
      let quote = '';
      for (; k < n; k++) {
        const ch = xml[k];
        if (quote) {
          if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '>') break;
        else if (ch === '<') fail('"<" inside a tag', k);
      }
      if (k >= n) fail('unterminated tag', lt);
      const selfClosing = xml[k - 1] === '/';
      const inner = xml.slice(lt + 1, selfClosing ? k - 1 : k);
      const nameMatch = /^[A-Za-z_][\w.:-]*/.exec(inner);
      if (!nameMatch) fail('invalid tag name', lt);
      const node: XNode = { name: nameMatch![0], attrs: {}, children: [], text: '' };
      const rest = inner.slice(nameMatch![0].length);
      if (rest.includes('=')) {
        ATTR.lastIndex = 0;
        for (let m = ATTR.exec(rest); m; m = ATTR.exec(rest))
          node.attrs[m[1]!] = decodeEntities(m[2] ?? m[3] ?? '');
      }
      top.children.push(node);
      if (!selfClosing) stack.push({ node, pos: lt });
      pos = k + 1;
    }
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    fail(`<${open.node.name}> opened on line ${lineAt(xml, open.pos)} is never closed`, n);
  }
  return root;
}

export function child(node: XNode, name: string): XNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XNode, name: string): XNode[] {
  return node.children.filter((c) => c.name === name);
}
