/**
 * A lesson as its data file says it (`content/*.yaml`, docs/lessons.md): the explanation, the
 * starting document, a solution, and goals with a hint and a check. `parseLesson` checks the shape
 * and answers a `Result`, so a broken file is named by the unit test and never half-shown.
 */
import { err, ok, type Result } from '@weft/dsl';
import { parse } from 'yaml';
import { GOAL_KINDS, type GoalCheck } from './goals';

export interface LessonGoal {
  id: string;
  text: string;
  hint: string;
  check: GoalCheck;
}

export interface Lesson {
  id: string;
  order: number;
  title: string;
  summary: string;
  minutes: number;
  explanation: string;
  /** The document the lesson opens; its `id` is the workflow the lesson stores on the server. */
  start: string;
  /** A finished document, shown on request. */
  solution: string;
  goals: LessonGoal[];
  /** The workflow id of `start`. */
  workflowId: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkOf(raw: unknown, where: string): Result<GoalCheck, string> {
  if (!isRecord(raw) || !GOAL_KINDS.includes(raw.kind as (typeof GOAL_KINDS)[number]))
    return err(`${where}: check.kind must be one of ${GOAL_KINDS.join(', ')}`);
  const need = (...keys: string[]) => {
    const missing = keys.filter((k) => !str(raw[k]));
    return missing.length > 0 ? `${where}: ${String(raw.kind)} needs ${missing.join(', ')}` : null;
  };
  let problem: string | null = null;
  switch (raw.kind) {
    case 'step-exists':
      problem = str(raw.step) || str(raw.uses) ? null : `${where}: step-exists needs step or uses`;
      break;
    case 'edge-exists':
      problem = need('from', 'to');
      break;
    case 'field-equals':
      problem =
        need('path') ??
        (!('equals' in raw) && !str(raw.matches) ? `${where}: field-equals needs equals or matches` : null);
      if (!problem && str(raw.matches))
        try {
          new RegExp(raw.matches);
        } catch {
          problem = `${where}: matches is not a regular expression`;
        }
      break;
    case 'run-status':
      problem = need('status');
      break;
    case 'step-status':
      problem = need('step', 'status');
      break;
    case 'run-output-equals':
      problem = 'equals' in raw ? null : `${where}: run-output-equals needs equals`;
      break;
  }
  return problem ? err(problem) : ok(raw as unknown as GoalCheck);
}

export function parseLesson(text: string, file = 'lesson'): Result<Lesson, string> {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    return err(`${file}: not YAML (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(raw)) return err(`${file}: a lesson is a mapping`);
  for (const k of ['id', 'title', 'summary', 'explanation', 'start', 'solution'])
    if (!str(raw[k])) return err(`${file}: ${k} is required (text)`);
  if (!ID.test(raw.id as string)) return err(`${file}: id must be lower-case letters, digits and -`);
  const startDoc = (() => {
    try {
      return parse(raw.start as string) as unknown;
    } catch {
      return undefined;
    }
  })();
  const workflowId = isRecord(startDoc) && typeof startDoc.id === 'string' ? startDoc.id : '';
  if (!workflowId) return err(`${file}: start has no workflow id`);
  if (!Array.isArray(raw.goals) || raw.goals.length === 0) return err(`${file}: goals is a non-empty list`);
  const goals: LessonGoal[] = [];
  for (const [i, g] of raw.goals.entries()) {
    const where = `${file}: goal ${i + 1}`;
    if (!isRecord(g) || !str(g.id) || !str(g.text) || !str(g.hint))
      return err(`${where}: id, text and hint are required`);
    if (goals.some((x) => x.id === g.id)) return err(`${where}: duplicate id ${g.id}`);
    const check = checkOf(g.check, where);
    if (!check.ok) return check;
    goals.push({ id: g.id, text: g.text, hint: g.hint, check: check.value });
  }
  return ok({
    id: raw.id as string,
    order: typeof raw.order === 'number' ? raw.order : 99,
    title: raw.title as string,
    summary: raw.summary as string,
    minutes: typeof raw.minutes === 'number' ? raw.minutes : 5,
    explanation: raw.explanation as string,
    start: raw.start as string,
    solution: raw.solution as string,
    goals,
    workflowId,
  });
}
