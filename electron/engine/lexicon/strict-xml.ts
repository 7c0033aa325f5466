/**
 * A small, strict XML reader for simple documents such as PLS lexicons: elements, attributes, text,
 * CDATA, comments, the five predefined entities and character references. Anything that could make
 * a document expand or reach outside itself (DOCTYPE, entity declarations, unknown entities) is
 * refused rather than interpreted.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

export type XmlNode = XmlElement | { text: string };

export class XmlError extends Error {
  constructor(message: string, line: number) {
    super(`XML line ${line}: ${message}`);
    this.name = 'XmlError';
  }
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][\w.:-]*/y;
/** Far deeper than any lexicon; a hostile file cannot exhaust the stack. */
const MAX_DEPTH = 32;

/** Escapes text for element content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${Object.keys(PREDEFINED).find((k) => PREDEFINED[k] === c)};`);
}

/** Parses a document and returns its root element. Throws XmlError with a line number on any problem. */
export function parseXml(source: string): XmlElement {
  let at = source.startsWith('\uFEFF') ? 1 : 0;
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (i: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const fail = (message: string, i = at): never => {
    throw new XmlError(message, lineAt(i));
  };

  const unescape = (raw: string, start: number) =>
    raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail('"&" must start an entity such as &amp;', start);
      if (ref in PREDEFINED) return PREDEFINED[ref]!;
      const m = /^#(?:x([0-9a-f]+)|(\d+))$/i.exec(ref);
      const code = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
      if (!m || code > 0x10ffff || code === 0)
        fail(`unknown entity &${ref}; (only the predefined ones are allowed)`, start);
      return String.fromCodePoint(code);
    });

  const skipMisc = () => {
    for (;;) {
      while (/\s/.test(source[at] ?? '')) at++;
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) fail('unclosed comment');
        at = end + 3;
      } else if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) fail('unclosed processing instruction');
        if (!/^<\?xml[\s?]/.test(source.slice(at, end + 2))) fail('processing instructions are not allowed');
        at = end + 2;
      } else if (source.startsWith('<!', at) && !source.startsWith('<![CDATA[', at)) {
        fail('DOCTYPE and entity declarations are not allowed');
      } else return;
    }
  };

  const readName = (): string => {
    NAME.lastIndex = at;
    const m = NAME.exec(source);
    if (!m) return fail('expected a name');
    at += m[0].length;
    return m[0];
  };

  const readElement = (depth: number): XmlElement => {
    const start = at;
    if (depth > MAX_DEPTH) fail(`elements nested more than ${MAX_DEPTH} deep`);
    if (source[at] !== '<') fail('expected an element');
    at++;
    const element: XmlElement = { name: readName(), attributes: {}, children: [], line: lineAt(start) };
    for (;;) {
      const spaced = /\s/.test(source[at] ?? '');
      while (/\s/.test(source[at] ?? '')) at++;
      if (source.startsWith('/>', at)) {
        at += 2;
        return element;
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      if (!spaced) fail(`malformed start tag <${element.name}>`);
      const name = readName();
      while (/\s/.test(source[at] ?? '')) at++;
      if (source[at] !== '=') fail(`attribute ${name} has no value`);
      at++;
      while (/\s/.test(source[at] ?? '')) at++;
      const q = source[at];
      if (q !== '"' && q !== "'") return fail(`attribute ${name} value must be quoted`);
      const end = source.indexOf(q, at + 1);
      if (end < 0) fail(`attribute ${name} value is not closed`);
      const raw = source.slice(at + 1, end);
      if (raw.includes('<')) fail(`"<" in the value of attribute ${name}`);
      if (name in element.attributes) fail(`attribute ${name} appears twice`);
      element.attributes[name] = unescape(raw, at);
      at = end + 1;
    }
    for (;;) {
      if (at >= source.length) fail(`<${element.name}> is not closed`, start);
      if (source.startsWith('</', at)) {
        at += 2;
        const name = readName();
        while (/\s/.test(source[at] ?? '')) at++;
        if (name !== element.name || source[at] !== '>') fail(`expected </${element.name}>`);
        at++;
        return element;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unclosed CDATA section');
        element.children.push({ text: source.slice(at + 9, end) });
        at = end + 3;
      } else if (source.startsWith('<!--', at) || source.startsWith('<?', at) || source.startsWith('<!', at)) {
        skipMisc();
      } else if (source[at] === '<') {
        element.children.push(readElement(depth + 1));
      } else {
        const end = source.indexOf('<', at);
        const stop = end < 0 ? source.length : end;
        element.children.push({ text: unescape(source.slice(at, stop), at) });
        at = stop;
      }
    }
  };

  skipMisc();
  const root = readElement(1);
  skipMisc();
  if (at < source.length) fail('content after the root element');
  return root;
}

/** The text content of an element (its text and CDATA children, nested elements included). */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => ('text' in c ? c.text : textOf(c))).join('');
}
