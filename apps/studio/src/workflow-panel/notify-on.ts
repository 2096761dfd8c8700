/** The run ends a `notify` entry can listen to, as the workflow panel labels them. */
export const NOTIFY_ENDS = [
  ['failed', 'failed'],
  ['success', 'succeeded'],
  ['cancelled', 'cancelled'],
  ['any', 'any end'],
] as const;

/** The `on` list after ticking or unticking one status (`any` stands alone). */
export function toggleOn(current: readonly string[], status: string, checked: boolean): string[] {
  if (status === 'any') return checked ? ['any'] : ['failed'];
  const rest = current.filter((s) => s !== status && s !== 'any');
  const next = checked ? [...rest, status] : rest;
  const order = NOTIFY_ENDS.map(([k]) => k as string);
  return next.length === 0 ? ['failed'] : next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
