/**
 * A field that may hold `${{ }}` expressions, with completion of `inputs.`, `vars.`, `secrets.` and
 * `steps.<upstream>.output`. ArrowUp/ArrowDown (or the mouse) choose a suggestion, Enter or Tab insert
 * the chosen one, Escape closes. Enter without a chosen suggestion never inserts one: it commits the
 * field as typed.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useDoc } from '../document/context';
import { completeExpression, type Completion } from './completion';
import { useSecretNames } from '../api/secret-names';

export interface ExpressionInputProps {
  value: string;
  onCommit: (value: string) => void;
  stepId: string | null;
  label: string;
  placeholder?: string;
  /** Fields that are always expressions (`if`, `foreach`): complete without `${{`. */
  alwaysExpression?: boolean;
  multiline?: boolean;
  /** A breakpoint condition: also complete the step's input names (completion.ts). */
  breakpoint?: boolean;
}

export function ExpressionInput({
  value,
  onCommit,
  stepId,
  label,
  placeholder,
  alwaysExpression = false,
  multiline = false,
  breakpoint = false,
}: ExpressionInputProps) {
  const workflow = useDoc((s) => s.workflow);
  const secretNames = useSecretNames();
  const [draft, setDraft] = useState(value);
  const [completion, setCompletion] = useState<Completion | null>(null);
  /** The chosen suggestion; -1 until the person picks one with the arrows. */
  const [active, setActive] = useState(-1);
  const listId = useId();
  useEffect(() => setDraft(value), [value]);

  const refresh = (text: string, caret: number) => {
    if (!workflow) return setCompletion(null);
    const c = completeExpression(
      text.slice(0, caret),
      { workflow, stepId, secretNames, breakpoint },
      alwaysExpression,
    );
    setCompletion(c);
    setActive(-1);
  };

  const accept = (el: HTMLInputElement | HTMLTextAreaElement, label: string) => {
    if (!completion) return;
    const caret = el.selectionStart ?? draft.length;
    const next = draft.slice(0, completion.from) + label + draft.slice(caret);
    setDraft(next);
    setCompletion(null);
    const pos = completion.from + label.length;
    requestAnimationFrame(() => el.setSelectionRange(pos, pos));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const items = completion?.items ?? [];
    if (items.length > 0) {
      if (e.key === 'ArrowDown') return (e.preventDefault(), setActive((active + 1) % items.length));
      if (e.key === 'ArrowUp')
        return (e.preventDefault(), setActive(active <= 0 ? items.length - 1 : active - 1));
      const item = items[active];
      if ((e.key === 'Enter' || e.key === 'Tab') && item) {
        e.preventDefault();
        accept(e.currentTarget, item.label);
        return;
      }
      if (e.key === 'Escape') return (e.preventDefault(), setCompletion(null));
      if (e.key === 'Enter') setCompletion(null);
    }
    if (e.key === 'Enter' && !multiline && draft !== value) onCommit(draft);
  };

  const common = {
    'aria-label': label,
    'aria-autocomplete': 'list' as const,
    'aria-controls': listId,
    'aria-expanded': (completion?.items.length ?? 0) > 0,
    'aria-activedescendant': completion && active >= 0 ? `${listId}-${active}` : undefined,
    role: 'combobox',
    value: draft,
    placeholder,
    spellCheck: false,
    className: 'expression-input',
    onChange: (e: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      setDraft(e.target.value);
      refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
    },
    onKeyDown,
    onBlur: () => {
      setCompletion(null);
      if (draft !== value) onCommit(draft);
    },
  };

  return (
    <div className="expression-field">
      {multiline ? <textarea rows={4} {...common} /> : <input type="text" {...common} />}
      {completion && completion.items.length > 0 && (
        <ul className="completion" role="listbox" id={listId} aria-label={`Completions for ${label}`}>
          {completion.items.map((item, i) => (
            <li
              key={item.label}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                const el = (e.currentTarget.closest('.expression-field')?.firstElementChild ??
                  null) as HTMLInputElement | null;
                if (el) accept(el, item.label);
              }}
            >
              <code>{item.label}</code> <span className="muted">{item.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
