import { breakpointProblem, type DebugOptions } from '@weft/engine';
import type { Workflow } from '@weft/dsl';
import { usageError } from '../exit-codes';

/**
 * `--break STEP[=CONDITION]…` and `--step` as the engine's debug options. A step that is not in the
 * workflow, an empty condition, a condition that does not parse or a step given twice is a usage error
 * naming it.
 */
export function debugOptionsFromFlags(
  flags: { break?: readonly string[]; step?: boolean },
  workflow: Workflow,
): DebugOptions | undefined {
  const list = flags.break ?? [];
  if (list.length === 0 && !flags.step) return undefined;
  const ids = workflow.steps.map((s) => s.id);
  const breakpoints: { stepId: string; condition?: string }[] = [];
  for (const flag of list) {
    const eq = flag.indexOf('=');
    const stepId = (eq < 0 ? flag : flag.slice(0, eq)).trim();
    const condition = eq < 0 ? undefined : flag.slice(eq + 1).trim();
    if (!ids.includes(stepId)) {
      const known = ids.length > 0 ? `; its steps are ${ids.join(', ')}` : '';
      throw usageError(
        `weft run: --break ${flag}: workflow "${workflow.id}" has no step "${stepId}"${known}`,
      );
    }
    if (condition === '')
      throw usageError(
        `weft run: --break ${flag}: the condition after "=" is empty (write --break ${stepId} to always pause)`,
      );
    if (breakpoints.some((b) => b.stepId === stepId))
      throw usageError(`weft run: --break: step "${stepId}" is given twice; give one condition per step`);
    breakpoints.push(condition === undefined ? { stepId } : { stepId, condition });
  }
  const debug = { stepMode: flags.step === true, breakpoints };
  const problem = breakpointProblem(workflow, debug);
  if (problem) throw usageError(`weft run: --break: ${problem}`);
  return debug;
}
