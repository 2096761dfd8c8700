/**
 * Beside the lesson's document: the explanation, the goals (ticked live against the document and
 * its latest run, with a hint each), the solution on request, and the way to the next lesson.
 */
import { useEffect, useMemo, useState } from 'react';
import { href } from '../app/router';
import { useDoc } from '../document/context';
import { allLessons } from './catalog';
import { Explanation, Inline } from './Explanation';
import { checkGoal } from './goals';
import type { Lesson } from './lesson';
import { loadProgress, saveProgress, withMet, withoutLesson } from './progress';
import { useLessonRun } from './useLessonRun';
import './lessons.css';

export function LessonPanel({ lesson, onStartOver }: { lesson: Lesson; onStartOver: () => void }) {
  const doc = useDoc((s) => s.doc);
  const text = useDoc((s) => s.text);
  const run = useLessonRun();
  const [progress, setProgress] = useState(loadProgress);
  const [hints, setHints] = useState<ReadonlySet<string>>(new Set());
  // Open for a newcomer; folded when coming back to a lesson begun, to leave room for the inspector.
  const [aboutOpen] = useState(() => (loadProgress()[lesson.id]?.met.length ?? 0) === 0);
  // `text`: the document is edited in place, so its text says when to read it again.
  const data = useMemo(() => {
    try {
      return doc?.yaml.toJS({ maxAliasCount: 100 }) as unknown;
    } catch {
      return null;
    }
  }, [doc, text]);
  const metNow = lesson.goals.filter((g) => checkGoal(g.check, { doc: data, run })).map((g) => g.id);
  const metKey = metNow.join(' ');
  useEffect(() => {
    setProgress((p) => {
      const next = withMet(p, lesson.id, metKey ? metKey.split(' ') : []);
      if (next !== p) saveProgress(next);
      return next;
    });
  }, [lesson.id, metKey]);

  const met = new Set([...(progress[lesson.id]?.met ?? []), ...metNow]);
  const done = lesson.goals.filter((g) => met.has(g.id)).length;
  const complete = done === lesson.goals.length;
  const lessons = allLessons();
  const index = lessons.findIndex((l) => l.id === lesson.id);
  const next = lessons[index + 1];

  return (
    <section className="lesson-panel" aria-label="Lesson">
      <p className="muted lesson-crumb">
        <a href={href({ page: 'learn' })}>Lessons</a> · {index + 1} of {lessons.length}
      </p>
      <h2>{lesson.title}</h2>
      <details open={aboutOpen} className="lesson-about">
        <summary>About this lesson</summary>
        <Explanation text={lesson.explanation} />
      </details>
      <h3>
        Goals{' '}
        <span className="muted" aria-label="Goals met">
          {done}/{lesson.goals.length}
        </span>
      </h3>
      <ol className="lesson-goals" aria-label="Goals">
        {lesson.goals.map((g) => {
          const ok = met.has(g.id);
          return (
            <li key={g.id} className={ok ? 'done' : undefined} aria-label={g.text.replace(/`/g, '')}>
              <span className="tick" aria-hidden="true">
                {ok ? '✓' : '○'}
              </span>
              <span className="lesson-goal-text">
                <span className="sr-only">{ok ? 'Done: ' : 'To do: '}</span>
                <Inline text={g.text} />{' '}
                {!ok &&
                  (hints.has(g.id) ? (
                    <span className="lesson-hint" role="note">
                      <Inline text={g.hint} />
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="link"
                      aria-label={`Hint: ${g.text.replace(/`/g, '')}`}
                      onClick={() => setHints(new Set([...hints, g.id]))}
                    >
                      Hint
                    </button>
                  ))}
              </span>
            </li>
          );
        })}
      </ol>
      {complete && (
        <p className="lesson-complete" role="status">
          Lesson complete.{' '}
          {next ? (
            <a href={href({ page: 'lesson', lessonId: next.id })}>Next: {next.title} →</a>
          ) : (
            <a href={href({ page: 'templates' })}>Now try a template →</a>
          )}
        </p>
      )}
      <details className="lesson-solution">
        <summary>Show a solution</summary>
        <pre>
          <code>{lesson.solution}</code>
        </pre>
      </details>
      <button
        type="button"
        onClick={() => {
          const p = withoutLesson(progress, lesson.id);
          saveProgress(p);
          setProgress(p);
          onStartOver();
        }}
      >
        Start over
      </button>
    </section>
  );
}
