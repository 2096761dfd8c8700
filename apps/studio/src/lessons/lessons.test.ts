/** Every lesson file: it parses, its start and solution are valid workflows, and its goals fit them. */
import { parseWorkflow } from '@weft/dsl';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allLessons, lessonFiles } from './catalog';
import { checkGoal } from './goals';
import { parseLesson } from './lesson';

const DOCUMENT_GOALS = new Set(['step-exists', 'edge-exists', 'field-equals']);

describe('the lessons', () => {
  it('are at least six, all parsing, with distinct ids and workflow ids', () => {
    const files = lessonFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const r = parseLesson(f.text, f.file);
      expect(r.ok ? null : r.error, f.file).toBeNull();
    }
    const lessons = allLessons();
    expect(lessons).toHaveLength(files.length);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect(new Set(lessons.map((l) => l.workflowId)).size).toBe(lessons.length);
  });

  for (const lesson of allLessons()) {
    describe(lesson.id, () => {
      it('starts and ends with a valid workflow of the same id', () => {
        for (const text of [lesson.start, lesson.solution]) {
          const r = parseWorkflow(text);
          expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(r.workflow?.id).toBe(lesson.workflowId);
        }
      });

      it('has goals the solution meets and the start does not', () => {
        const docGoals = lesson.goals.filter((g) => DOCUMENT_GOALS.has(g.check.kind));
        expect(docGoals.length).toBeGreaterThan(0);
        const solution = { doc: parse(lesson.solution) as unknown, run: null };
        const start = { doc: parse(lesson.start) as unknown, run: null };
        for (const g of docGoals) expect(checkGoal(g.check, solution), `${g.id} on the solution`).toBe(true);
        expect(docGoals.every((g) => checkGoal(g.check, start))).toBe(false);
        expect(
          lesson.goals.some((g) => !DOCUMENT_GOALS.has(g.check.kind)),
          'a goal about a run',
        ).toBe(true);
      });
    });
  }
});

describe('parseLesson', () => {
  const base = `id: x
title: T
summary: S
explanation: E
start: "id: lesson-x"
solution: "id: lesson-x"
`;
  it('names what is wrong', () => {
    expect(parseLesson('a: [', 'bad.yaml')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not YAML'),
    });
    expect(parseLesson(`${base}goals: []`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('goals'),
    });
    const goal = (check: string) => `${base}goals:\n  - { id: g, text: t, hint: h, check: ${check} }`;
    expect(parseLesson(goal('{ kind: teleport }'))).toMatchObject({
      ok: false,
      error: expect.stringContaining('check.kind must be one of'),
    });
    expect(parseLesson(goal('{ kind: edge-exists, from: a }'))).toMatchObject({
      ok: false,
      error: expect.stringContaining('edge-exists needs to'),
    });
    expect(parseLesson(goal("{ kind: field-equals, path: a, matches: '(' }"))).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a regular expression'),
    });
    expect(parseLesson(goal('{ kind: run-status, status: SUCCESS }'))).toMatchObject({ ok: true });
  });
});
