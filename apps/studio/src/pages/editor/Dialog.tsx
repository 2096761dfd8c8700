/** A modal dialog on the native <dialog> element (focus trapping and Escape come with it), and its footer. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    // Focus goes back where it was (the button that opened the dialog) when the dialog goes away.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} aria-label={title} onClose={onClose} onCancel={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

/**
 * The foot of a dialog's form: what went wrong (one line per problem, announced), then Cancel and the
 * dialog's own buttons (`children`, the primary one last).
 */
export function DialogFooter({
  error,
  onCancel,
  children,
}: {
  error?: string | readonly string[] | null;
  onCancel: () => void;
  children: ReactNode;
}) {
  const problems = error === undefined || error === null ? [] : typeof error === 'string' ? [error] : error;
  return (
    <>
      {problems.length > 0 && (
        <div className="field-error" role="alert">
          {problems.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {children}
      </div>
    </>
  );
}
