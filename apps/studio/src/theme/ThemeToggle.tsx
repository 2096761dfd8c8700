/** Switches between light and dark; the first switch overrides the system's preference. */
import { setTheme, useTheme } from './theme';

export function ThemeToggle() {
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="theme-toggle"
      aria-pressed={theme === 'dark'}
      title={`Switch to ${next} mode`}
      onClick={() => setTheme(next)}
    >
      Dark mode
    </button>
  );
}
