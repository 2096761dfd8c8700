/**
 * Lesson progress, kept in the browser (localStorage): the goals each lesson has met so far. A goal
 * once met stays ticked, as in a tutorial: "it failed once" stays true after the fix.
 */
const KEY = 'weft.studio.lessons';

export type Progress = Readonly<Record<string, { met: readonly string[] }>>;

export function loadProgress(storage: Pick<Storage, 'getItem'> = localStorage): Progress {
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, { met: string[] }> = {};
    for (const [id, p] of Object.entries(v as Record<string, unknown>)) {
      const met =
        p && typeof p === 'object' && Array.isArray((p as { met?: unknown }).met)
          ? (p as { met: unknown[] }).met
          : [];
      out[id] = { met: met.filter((x): x is string => typeof x === 'string') };
    }
    return out;
  } catch {
    return {};
  }
}

/** Adds goals to a lesson's met list; answers the new progress (the same object when nothing changed). */
export function withMet(progress: Progress, lessonId: string, goals: readonly string[]): Progress {
  const before = progress[lessonId]?.met ?? [];
  const added = goals.filter((g) => !before.includes(g));
  if (added.length === 0) return progress;
  return { ...progress, [lessonId]: { met: [...before, ...added] } };
}

export function withoutLesson(progress: Progress, lessonId: string): Progress {
  const { [lessonId]: _gone, ...rest } = progress;
  return rest;
}

export function saveProgress(progress: Progress, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(progress));
  } catch {
    // storage full or off: progress lasts as long as the page
  }
}
