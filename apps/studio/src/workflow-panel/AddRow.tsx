/** A name field and an Add button: adds an input, an output, a variable or a host. */
import { useState } from 'react';

export function AddRow({
  label,
  placeholder,
  onAdd,
}: {
  label: string;
  placeholder: string;
  /** Returns an error to show, or null when added. */
  onAdd: (name: string) => string | null;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const n = name.trim();
    if (n === '') return;
    const e = onAdd(n);
    setError(e);
    if (e === null) setName('');
  };
  return (
    <div className="add-row">
      <input
        aria-label={label}
        placeholder={placeholder}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          }
        }}
      />
      <button type="button" onClick={add}>
        {label}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
