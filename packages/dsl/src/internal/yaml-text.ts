/**
 * Turning values and nodes into YAML text in the canonical style: 2-space indent, sequences
 * indented under their key, no line folding, `[a, b]` for flow lists and `{ a: 1 }` for flow maps.
 */
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
  type Node,
  type ToStringOptions,
} from 'yaml';

export const CANONICAL: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: true,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  doubleQuotedMinMultiLineLength: 1e9,
};

type ToStringFn = (ctx?: object, onComment?: () => void, onChompKeep?: () => void) => string;

/** Give flow lists no padding (`[a, b]`) while flow maps keep it (`{ a: 1 }`). */
export function padFlowCollections(root: unknown): void {
  visit(root as Node, {
    Seq(_, node) {
      if (node.flow) patch(node, '');
    },
    Map(_, node) {
      if (node.flow) patch(node, ' ');
    },
  });
}

function patch(node: YAMLSeq | YAMLMap, pad: string): void {
  const base = (isSeq(node)
    ? YAMLSeq.prototype.toString
    : YAMLMap.prototype.toString) as unknown as ToStringFn;
  Object.defineProperty(node, 'toString', {
    value: (ctx?: object, onComment?: () => void, onChompKeep?: () => void) =>
      base.call(node, ctx ? { ...ctx, flowCollectionPadding: pad } : ctx, onComment, onChompKeep),
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** New values: lists of scalars are written in flow style (`[a, b]`), everything else in block style. */
export function styleNew(root: unknown): void {
  visit(root as Node, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
}

/** Text of a whole document holding `contents`, without the final newline. */
export function stringifyNode(contents: unknown): string {
  const doc = new Document();
  doc.contents = contents as Node;
  padFlowCollections(doc.contents);
  return doc.toString(CANONICAL).replace(/\n$/, '');
}

/** YAML text for a plain value in block context at column 0 (no final newline). */
export function valueText(value: unknown): string {
  const doc = new Document(value);
  styleNew(doc.contents);
  return stringifyNode(doc.contents);
}

/** `key: value` lines for a new pair, at column 0. */
export function pairText(key: string, value: unknown): string {
  const doc = new Document({ [key]: value });
  styleNew(doc.contents);
  return stringifyNode(doc.contents);
}

/** A scalar's text keeping the quoting style of the scalar it replaces, when it is one line. */
export function scalarText(value: unknown, like?: unknown): string | undefined {
  const s = new Scalar(value);
  if (
    isScalar(like) &&
    typeof value === 'string' &&
    (like.type === Scalar.QUOTE_DOUBLE || like.type === Scalar.QUOTE_SINGLE || like.type === Scalar.PLAIN)
  )
    s.type = like.type;
  const text = stringifyNode(s);
  return text.includes('\n') ? undefined : text;
}

/** Prefix every non-empty line but the first with `indent` spaces. */
export function indentRest(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : pad + l))
    .join('\n');
}

export function isCollection(node: unknown): node is YAMLMap | YAMLSeq {
  return isMap(node) || isSeq(node);
}
