/** The built-in blocks of dsl-v1 §7, used as `uses: <name>` without a version. */
export const BUILTIN_NAMES = [
  'if',
  'switch',
  'transform',
  'code',
  'wait',
  'approval',
  'workflow',
  'fail',
] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

export function isBuiltinName(name: string): name is BuiltinName {
  return (BUILTIN_NAMES as readonly string[]).includes(name);
}
