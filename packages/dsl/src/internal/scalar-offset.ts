import { Scalar } from 'yaml';

/**
 * Map an offset inside a scalar's value to an offset in the source text, for the common styles
 * (plain, quoted, literal block). `hint` is the text expected there, used as a fallback search.
 * Falls back to the scalar's start.
 */
export function sourceOffset(scalar: Scalar, text: string, valueOffset: number, hint?: string): number {
  const range = scalar.range;
  if (!range) return 0;
  const [start, end] = range;
  const src = text.slice(start, end);
  const value = String(scalar.value);
  switch (scalar.type) {
    case Scalar.PLAIN:
      if (src === value) return start + valueOffset;
      break;
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE: {
      const m = mapQuoted(src, scalar.type === Scalar.QUOTE_DOUBLE, valueOffset);
      if (m !== undefined) return start + m;
      break;
    }
    case Scalar.BLOCK_LITERAL: {
      const m = mapLiteral(src, value, valueOffset);
      if (m !== undefined) return start + m;
      break;
    }
    case Scalar.BLOCK_FOLDED:
    case undefined:
      break;
  }
  if (hint) {
    const i = src.indexOf(hint);
    if (i >= 0 && src.indexOf(hint, i + 1) < 0) return start + i;
  }
  return start;
}

/** Single-line quoted scalars: walk escapes so value offsets land on the right source column. */
function mapQuoted(src: string, double: boolean, valueOffset: number): number | undefined {
  if (src.includes('\n')) return undefined;
  let j = 1;
  for (let i = 0; i < valueOffset; i++) {
    if (j >= src.length - 1) return undefined;
    if (double && src[j] === '\\') {
      const c = src[j + 1];
      j += c === 'x' ? 4 : c === 'u' ? 6 : c === 'U' ? 10 : 2;
    } else if (!double && src[j] === "'" && src[j + 1] === "'") j += 2;
    else j++;
  }
  return j;
}

function mapLiteral(src: string, value: string, valueOffset: number): number | undefined {
  const before = value.slice(0, valueOffset);
  const line = before.split('\n').length - 1;
  const col = valueOffset - (before.lastIndexOf('\n') + 1);
  const lines = src.split('\n');
  const content = lines.slice(1);
  const firstContent = content.find((l) => l.trim() !== '');
  if (firstContent === undefined) return undefined;
  const indent = /^ */.exec(firstContent)?.[0].length ?? 0;
  const target = content[line];
  if (target === undefined) return undefined;
  let offset = (lines[0]?.length ?? 0) + 1;
  for (let i = 0; i < line; i++) offset += (content[i]?.length ?? 0) + 1;
  return offset + indent + col;
}
