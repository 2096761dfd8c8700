/**
 * The lessons' goal checker: small, declarative and pure. A goal names what must be true of the
 * document (a step, an edge, a field) or of its latest run (its status, a step's status, an
 * output); `checkGoal` answers whether it is, from plain data only, so it is tested without React.
 */

export type GoalCheck =
  /** A step with this id (and block, `http` matching `http@1`) exists; without `step`, any step of the block. */
  | { kind: 'step-exists'; step?: string; uses?: string }
  /** `to` needs `from` (any of its ports, or exactly `from.port`). */
  | { kind: 'edge-exists'; from: string; to: string; port?: string }
  /**
   * The document's value at `path` (dot separated; in a list of steps a segment picks the step by
   * id): equal to `equals`, or as text matching the regular expression `matches`.
   */
  | { kind: 'field-equals'; path: string; equals?: unknown; matches?: string }
  /** The latest run ended with this status. */
  | { kind: 'run-status'; status: string }
  /** In the latest run, the step ended with this status (and at least `attempts` attempts). */
  | { kind: 'step-status'; step: string; status: string; attempts?: number }
  /** The latest run's outputs (or the output at `path`) equal `equals`. */
  | { kind: 'run-output-equals'; path?: string; equals: unknown };

export const GOAL_KINDS = [
  'step-exists',
  'edge-exists',
  'field-equals',
  'run-status',
  'step-status',
  'run-output-equals',
] as const;

export interface RunFacts {
  status: string;
  outputs?: unknown;
  steps: Readonly<Record<string, { status: string; attempts?: number }>>;
}

export interface GoalFacts {
  /** The document as plain data (what the YAML says, `${{ }}` kept). Null when it is not YAML. */
  doc: unknown;
  /** The latest finished run of the document's workflow in this lesson, or null. */
  run: RunFacts | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function steps(doc: unknown): Record<string, unknown>[] {
  return isRecord(doc) && Array.isArray(doc.steps) ? doc.steps.filter(isRecord) : [];
}

function needsOf(step: Record<string, unknown>): string[] {
  const n = step.needs;
  if (typeof n === 'string') return [n];
  return Array.isArray(n) ? n.filter((x): x is string => typeof x === 'string') : [];
}

const blockMatches = (uses: unknown, want: string): boolean =>
  typeof uses === 'string' && (uses === want || uses.startsWith(`${want}@`));

/** The value at a dot path; in a list of objects with `id`, a segment picks by id, a number by index. */
export function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of path.split('.').filter(Boolean)) {
    if (Array.isArray(cur)) {
      const byId = cur.find((x) => isRecord(x) && x.id === seg);
      cur = byId ?? (/^\d+$/.test(seg) ? cur[Number(seg)] : undefined);
    } else if (isRecord(cur)) cur = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
    else return undefined;
  }
  return cur;
}

/** Structural equality of plain data (JSON-like). Strings compare without surrounding blanks. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

export function checkGoal(check: GoalCheck, facts: GoalFacts): boolean {
  switch (check.kind) {
    case 'step-exists':
      return steps(facts.doc).some(
        (s) =>
          (check.step === undefined || s.id === check.step) &&
          (check.uses === undefined || blockMatches(s.uses, check.uses)),
      );
    case 'edge-exists': {
      const to = steps(facts.doc).find((s) => s.id === check.to);
      if (!to) return false;
      return needsOf(to).some((n) =>
        check.port ? n === `${check.from}.${check.port}` : n === check.from || n.startsWith(`${check.from}.`),
      );
    }
    case 'field-equals': {
      const v = valueAt(facts.doc, check.path);
      if (v === undefined) return false;
      if (check.matches !== undefined) {
        try {
          return new RegExp(check.matches).test(asText(v));
        } catch {
          return false;
        }
      }
      return sameValue(v, check.equals);
    }
    case 'run-status':
      return facts.run?.status === check.status;
    case 'step-status': {
      const s = facts.run?.steps[check.step];
      return s !== undefined && s.status === check.status && (s.attempts ?? 0) >= (check.attempts ?? 0);
    }
    case 'run-output-equals': {
      if (!facts.run || facts.run.status !== 'SUCCESS') return false;
      const v = check.path ? valueAt(facts.run.outputs, check.path) : facts.run.outputs;
      return sameValue(v, check.equals);
    }
  }
}
