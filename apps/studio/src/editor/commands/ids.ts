/** Step ids for new steps: `http_1`, `http_2`, … — valid DSL ids, unique in the workflow. */
const ID = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isValidStepId(id: string): boolean {
  return ID.test(id);
}

/** A fresh id based on `base` (a block name or an id to copy), unique among `taken`. */
export function freshStepId(base: string, taken: ReadonlySet<string>): string {
  let stem = base
    .replace(/@.*$/, '')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_\d+$/, '');
  if (!/^[A-Za-z_]/.test(stem)) stem = `step_${stem}`;
  stem = stem.slice(0, 55) || 'step';
  for (let n = 1; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}
