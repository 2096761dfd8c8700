/**
 * What the debugger shows of a paused step: why it paused, and the edited input checked as JSON
 * and against the block's input schema. Pure, tested without a DOM.
 */
/** Why a step paused (the `cause` of its `step.waiting` event). */
export type PauseCause = 'breakpoint' | 'condition' | 'step';

export interface PauseInfo {
  cause: PauseCause;
  /** The step's resolved inputs (what it is about to get). */
  input: Record<string, unknown>;
  /** foreach: the item a conditional breakpoint paused on. */
  index?: number;
  item?: unknown;
  /** The seq of the pause event (a hit is counted once per pause). */
  seq: number;
}

/** The steps paused at a breakpoint, in workflow order. */
export function pausedSteps(
  order: readonly string[],
  runSteps: Readonly<Record<string, { status: string; waitReason?: string }>>,
): string[] {
  return order.filter((id) => {
    const v = runSteps[id];
    return v?.status === 'WAITING' && v.waitReason === 'breakpoint';
  });
}

/** The sentence the debug panel leads with. */
export function pauseReason(stepId: string, pause: PauseInfo | undefined, condition?: string): string {
  if (!pause) return `Paused before ${stepId}.`;
  switch (pause.cause) {
    case 'step':
      return `Step mode: paused before ${stepId}.`;
    case 'breakpoint':
      return `Breakpoint: paused before ${stepId}.`;
    case 'condition': {
      const where =
        pause.index !== undefined
          ? ` on item ${pause.index + 1} (${JSON.stringify(pause.item ?? null)})`
          : '';
      return `Condition ${condition ? `“${condition}” ` : ''}holds${where}: paused before ${stepId}.`;
    }
  }
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Reads the person's edited input: a JSON object, checked with `check` (the block's input schema). */
export function readEditedInput(
  text: string,
  check: (value: unknown) => readonly string[],
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: string[] } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };
  const v = parsed.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return { ok: false, errors: ['the input is a JSON object ({ "name": value, … })'] };
  const errors = check(v);
  return errors.length > 0
    ? { ok: false, errors: [...errors] }
    : { ok: true, value: v as Record<string, unknown> };
}
