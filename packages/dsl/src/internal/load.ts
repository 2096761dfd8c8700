import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { Diagnostics } from './diag';
import { parseChunked, parseYaml, type ChunkPool } from './yaml-parse';

/** Limits that keep hostile input from hanging or crashing the parser. */
export interface LoadLimits {
  /** Largest accepted text, in characters. Default 1 MiB. */
  maxBytes: number;
  /** Deepest accepted nesting of maps and lists. Default 64. */
  maxDepth: number;
  /** Most alias expansions when converting to values. Default 100. */
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: LoadLimits = { maxBytes: 1024 * 1024, maxDepth: 64, maxAliasCount: 100 };

export interface Loaded {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  diags: Diagnostics;
  /** The plain value of the document, or undefined when it could not be built safely. */
  value: unknown;
  /** True when the document is too broken to validate further. */
  fatal: boolean;
  /** The chunks of a chunked parse, for the next parse after an edit. */
  chunks?: ChunkPool;
  /**
   * A `light` load of a chunked parse (inside an edit batch): the plain value and depth its chunks
   * gave, which `finishLight` takes at the batch's end instead of parsing the text again.
   */
  light?: { value: unknown; depth: number };
}

const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);
// C0 controls other than tab/LF/CR, and DEL: YAML forbids them in a stream, and they mean binary data.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Parse text into a yaml Document, reporting every document-level problem as E_YAML.
 * `chunked` parses unchanged chunks from a cache (see yaml-parse.ts): the tree is the same except
 * where comments hang, so only callers that never print the Document may ask for it. `light`
 * (inside an edit batch) skips the plain value and the structure walk; the batch's end does them.
 */
export function loadYaml(
  text: string,
  limits: LoadLimits = DEFAULT_LIMITS,
  options: { chunked?: boolean; previous?: ChunkPool; light?: boolean } = {},
): Loaded {
  if (text.length > limits.maxBytes) {
    const { doc, lineCounter } = parseYaml('');
    const diags = new Diagnostics(lineCounter);
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    diags.atOffset('E_YAML', `file is too large (${mb(text.length)}); the limit is ${mb(limits.maxBytes)}`, {
      start: 0,
      end: 0,
    });
    return { doc, lineCounter, diags, value: undefined, fatal: true };
  }
  const bin = BINARY.exec(text);
  if (bin) {
    const { doc } = parseYaml('');
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    const diags = new Diagnostics(lineCounter);
    const code = bin[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    diags.atOffset(
      'E_YAML',
      `file contains binary data (control character U+${code}); a workflow must be UTF-8 text`,
      { start: bin.index, end: bin.index + 1 },
    );
    return { doc, lineCounter, diags, value: undefined, fatal: true };
  }

  // Inside an edit batch the depth scan waits for the batch's end (the chunks are parsed safely meanwhile).
  const deep = options.light ? undefined : tooDeep(text, limits.maxDepth);
  if (deep !== undefined) {
    const { doc } = parseYaml('');
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1))
      lineCounter.addNewLine(i + 1);
    const diags = new Diagnostics(lineCounter);
    diags.atOffset('E_YAML', `nesting is too deep (the limit is ${limits.maxDepth} levels)`, {
      start: deep,
      end: deep + 1,
    });
    return { doc, lineCounter, diags, value: undefined, fatal: true };
  }

  let parsed: {
    doc: Document.Parsed;
    lineCounter: LineCounter;
    pool?: ChunkPool;
    value?: unknown;
    depth?: number;
  };
  try {
    parsed = (options.chunked ? parseChunked(text, options.previous) : undefined) ?? parseYaml(text);
  } catch (e) {
    const { doc, lineCounter } = parseYaml('');
    const diags = new Diagnostics(lineCounter);
    diags.atOffset(
      'E_YAML',
      `cannot parse YAML: ${e instanceof RangeError ? 'nesting is too deep' : String(e)}`,
      { start: 0, end: 0 },
    );
    return { doc, lineCounter, diags, value: undefined, fatal: true };
  }
  const { doc, lineCounter } = parsed;
  const diags = new Diagnostics(lineCounter);
  let fatal = false;
  const seen = new Set<string>();
  for (const e of doc.errors) {
    // yaml repeats some errors (e.g. one per level of a too-deep nesting); one of each is enough.
    if (seen.has(e.code)) continue;
    seen.add(e.code);
    const range = { start: e.pos[0], end: e.pos[1] };
    if (e.code === 'DUPLICATE_KEY') {
      seen.delete(e.code);
      diags.atOffset('E_YAML', `duplicate key '${keyText(text, e.pos[0])}'`, range);
    } else if (e.code === 'MULTIPLE_DOCS') {
      diags.atOffset('E_YAML', 'a workflow file holds one YAML document; found a second one (---)', range);
    } else if (e.code === 'RESOURCE_EXHAUSTION') {
      // Everything else yaml says after running out of stack is a consequence of it.
      diags.list.length = 0;
      diags.atOffset('E_YAML', `nesting is too deep (the limit is ${limits.maxDepth} levels)`, range);
      return { doc, lineCounter, diags, value: undefined, fatal: true };
    } else {
      fatal = true;
      diags.atOffset('E_YAML', `YAML syntax error: ${firstLine(e.message)}`, range);
    }
  }
  for (const w of doc.warnings) {
    const range = { start: w.pos[0], end: w.pos[1] };
    if (w.code === 'TAG_RESOLVE_FAILED')
      diags.atOffset(
        'E_YAML',
        `${firstLine(w.message).replace(/^Unresolved tag/, 'tag')} is not allowed; only the YAML core schema's tags are`,
        range,
      );
    else diags.atOffset('E_YAML', firstLine(w.message), range);
  }
  if (fatal) return { doc, lineCounter, diags, value: undefined, fatal };
  if (options.light && parsed.pool) {
    const light =
      parsed.depth !== undefined && diags.list.length === 0
        ? { light: { value: parsed.value, depth: parsed.depth } }
        : {};
    return { doc, lineCounter, diags, value: undefined, fatal: false, chunks: parsed.pool, ...light };
  }

  // A chunked parse has no aliases or tags and knows its depth and value without walking the tree
  // (which would make every moved chunk's nodes: see yaml-parse.ts).
  if (parsed.pool && parsed.depth !== undefined && parsed.depth <= limits.maxDepth)
    return { doc, lineCounter, diags, value: parsed.value, fatal: false, chunks: parsed.pool };
  if (!checkStructure(doc, diags, limits)) return { doc, lineCounter, diags, value: undefined, fatal: true };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const why = /alias count/i.test(msg)
      ? `too many alias expansions (more than ${limits.maxAliasCount}); this looks like an alias bomb`
      : msg;
    diags.atOffset('E_YAML', why, { start: 0, end: 0 });
    return { doc, lineCounter, diags, value: undefined, fatal: true };
  }
  return parsed.pool
    ? { doc, lineCounter, diags, value, fatal: false, chunks: parsed.pool }
    : { doc, lineCounter, diags, value, fatal: false };
}

/**
 * What `loadYaml(text, limits, { chunked: true, previous: loaded.chunks })` would give for the text
 * a `light` load just read, without parsing it again: the chunked parse would take every chunk as
 * it is from `loaded` and assemble the same tree, value and depth. Only the depth scan the light
 * load skipped is left to run. Undefined when it must be loaded in full (not a light chunked load,
 * or nested too deep: the full load reports it).
 */
export function finishLight(loaded: Loaded, text: string, limits: LoadLimits): Loaded | undefined {
  const { light, chunks } = loaded;
  if (!light || !chunks || loaded.fatal || loaded.diags.list.length > 0) return undefined;
  if (light.depth > limits.maxDepth || tooDeep(text, limits.maxDepth) !== undefined) return undefined;
  const { doc, lineCounter, diags } = loaded;
  return { doc, lineCounter, diags, value: light.value, fatal: false, chunks };
}

/**
 * Depth limit, alias loops, unresolved aliases and non-core tags. Recursion is bounded by
 * `maxDepth`, so a 10,000-level document cannot blow the stack here.
 */
function checkStructure(doc: Document.Parsed, diags: Diagnostics, limits: LoadLimits): boolean {
  let okay = true;
  const ancestors: unknown[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (!okay || node == null) return;
    if (depth > limits.maxDepth) {
      okay = false;
      diags.at('E_YAML', `nesting is too deep (the limit is ${limits.maxDepth} levels)`, node);
      return;
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        okay = false;
        diags.at('E_YAML', `alias *${node.source} has no anchor &${node.source} before it`, node);
      } else if (ancestors.includes(target)) {
        okay = false;
        diags.at('E_YAML', `alias *${node.source} refers to a node that contains it (alias loop)`, node);
      }
      return;
    }
    const tag = (node as Node).tag;
    // Local tags (`!foo`) are already reported by yaml as unresolved.
    if (tag && tag.startsWith('tag:yaml.org,2002:') && !CORE_TAGS.has(tag)) {
      diags.at(
        'E_YAML',
        `tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; only the YAML core schema's tags are`,
        node,
      );
    }
    if (isScalar(node)) return;
    if (isMap(node) || isSeq(node)) {
      ancestors.push(node);
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key, depth + 1);
          walk(item.value, depth + 1);
        } else walk(item, depth + 1);
      }
      ancestors.pop();
    }
  };
  walk(doc.contents, 1);
  return okay;
}

/**
 * Offset where flow brackets or `- - -` lists nest deeper than `max`, found by a linear scan
 * before parsing: the parser itself recurses, and deep enough input exhausts its stack slowly.
 * Brackets inside quoted scalars and comments are skipped.
 */
function tooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  let quote = '';
  let lineStart = true;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n') {
      lineStart = true;
      dashes = 0;
      if (quote === "'" || quote === '"') continue;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    const prev = i > 0 ? text[i - 1] : '\n';
    if (
      (c === '"' || c === "'") &&
      (prev === ' ' || prev === '[' || prev === '{' || prev === ',' || prev === ':' || prev === '\n')
    )
      quote = c;
    else if (c === '#' && (prev === ' ' || prev === '\n')) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (lineStart && c === '-' && text[i + 1] === ' ') {
      if (++dashes > max) return i;
      i++;
      continue;
    }
    if (c !== ' ' && c !== '-') lineStart = false;
  }
  return undefined;
}

function keyText(text: string, at: number): string {
  const m = /^[^:\n]*/.exec(text.slice(at, at + 200));
  return (m?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
