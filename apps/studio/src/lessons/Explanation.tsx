/** A lesson's explanation: paragraphs and "- " lists, with `code` and **bold** inline. No HTML is read. */
import type { ReactNode } from 'react';

function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
      return <code key={i}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 3)
      return <strong key={i}>{part.slice(2, -2)}</strong>;
    return part;
  });
}

export function Explanation({ text }: { text: string }) {
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <div className="lesson-explanation">
      {blocks.map((block, i) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^\s*- |^\s{2,}\S/.test(l))) {
          // A list: "- " starts an item, indented lines continue it.
          const items: string[] = [];
          for (const l of lines) {
            if (/^\s*- /.test(l)) items.push(l.replace(/^\s*- /, ''));
            else items[items.length - 1] = `${items[items.length - 1] ?? ''} ${l.trim()}`;
          }
          return (
            <ul key={i}>
              {items.map((it, j) => (
                <li key={j}>{inline(it)}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{inline(lines.join(' '))}</p>;
      })}
    </div>
  );
}

/** One line of lesson text (a goal, a hint) with its inline marks. */
export function Inline({ text }: { text: string }) {
  return <>{inline(text)}</>;
}
