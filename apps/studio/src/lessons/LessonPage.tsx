/**
 * A lesson (`#/learn/<id>`): its workflow (the starting document, stored on the server under its own
 * id the first time so that runs work) in the editor, with the lesson beside it. Coming back continues
 * where the person left; "Start over" stores the starting document again as a new version.
 */
import { useEffect, useState } from 'react';
import { useSaveWorkflow } from '../api/calls';
import { errorText } from '../api/hooks';
import { href } from '../app/router';
import { EditorPage } from '../pages/EditorPage';
import { lessonById } from './catalog';
import { LessonPanel } from './LessonPanel';

export function LessonPage({ lessonId }: { lessonId: string }) {
  const saveWorkflow = useSaveWorkflow();
  const lesson = lessonById(lessonId);
  const [ready, setReady] = useState<'no' | 'yes' | { error: string }>('no');
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!lesson) return;
    let cancelled = false;
    setReady('no');
    // Stored only when the workflow does not exist yet: `create` never replaces one (then `taken`).
    saveWorkflow(lesson.start, `lesson ${lesson.id}: start`, { create: true }).then(
      () => !cancelled && setReady('yes'),
      (e: unknown) => !cancelled && setReady({ error: errorText(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [saveWorkflow, lesson]);

  if (!lesson)
    return (
      <main className="page">
        <h1>No such lesson</h1>
        <p>
          There is no lesson “{lessonId}”. <a href={href({ page: 'learn' })}>All lessons</a>
        </p>
      </main>
    );
  if (ready === 'no') return <p className="loading">Opening the lesson…</p>;
  if (ready !== 'yes')
    return (
      <p className="page-error" role="alert">
        Cannot open the lesson: {ready.error}. Lessons need the server (runs happen there).
      </p>
    );
  const startOver = () => {
    void saveWorkflow(lesson.start, `lesson ${lesson.id}: start over`).then(
      () => setRound((n) => n + 1),
      (e: unknown) => setReady({ error: errorText(e) }),
    );
  };
  return (
    <EditorPage
      key={`${lesson.workflowId}:${round}`}
      workflowId={lesson.workflowId}
      side={<LessonPanel lesson={lesson} onStartOver={startOver} />}
    />
  );
}
