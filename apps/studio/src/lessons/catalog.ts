/**
 * Every lesson of `content/`, read at build time (the files are bundled as text): adding a lesson
 * is adding a file. A file that does not parse is left out here and named by `lessons.test.ts`.
 */
import { parseLesson, type Lesson } from './lesson';

const files = import.meta.glob<string>('./content/*.yaml', { query: '?raw', import: 'default', eager: true });

export interface LessonFile {
  file: string;
  text: string;
}

export function lessonFiles(): LessonFile[] {
  return Object.entries(files)
    .map(([file, text]) => ({ file: file.replace('./content/', ''), text }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

let cached: Lesson[] | undefined;

/** The lessons in their order. */
export function allLessons(): Lesson[] {
  cached ??= lessonFiles()
    .flatMap(({ file, text }) => {
      const r = parseLesson(text, file);
      return r.ok ? [r.value] : [];
    })
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return cached;
}

export function lessonById(id: string): Lesson | undefined {
  return allLessons().find((l) => l.id === id);
}
