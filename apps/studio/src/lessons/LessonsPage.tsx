/** The lessons (`#/learn`): in order, each with its summary, length and the goals met so far. */
import { useState } from 'react';
import { PageNav } from '../app/PageNav';
import { href } from '../app/router';
import { allLessons } from './catalog';
import { loadProgress } from './progress';
import './lessons.css';

export function LessonsPage() {
  const [progress] = useState(loadProgress);
  const lessons = allLessons();
  return (
    <main className="page" aria-label="Lessons">
      <PageNav title="Learn" current="learn" />
      <p className="muted">
        Short lessons in the editor itself: each opens a small workflow beside what to do, and ticks the goals
        as you reach them. Your progress stays in this browser.
      </p>
      <ol className="lesson-list" aria-label="All lessons">
        {lessons.map((l) => {
          const met = (progress[l.id]?.met ?? []).filter((g) => l.goals.some((x) => x.id === g)).length;
          const state = met === 0 ? 'Start' : met === l.goals.length ? 'Done — open again' : 'Continue';
          return (
            <li key={l.id} aria-label={l.title}>
              <div>
                <h2>
                  <a href={href({ page: 'lesson', lessonId: l.id })}>{l.title}</a>
                </h2>
                <p className="muted">
                  {l.summary} · about {l.minutes} min
                </p>
              </div>
              <div className="lesson-list-progress">
                <progress max={l.goals.length} value={met} aria-label={`${l.title}: goals met`} />
                <span className="muted">
                  {met}/{l.goals.length}
                </span>
                <a
                  className="button"
                  href={href({ page: 'lesson', lessonId: l.id })}
                  aria-label={`${state}: ${l.title}`}
                >
                  {state}
                </a>
              </div>
            </li>
          );
        })}
      </ol>
    </main>
  );
}
