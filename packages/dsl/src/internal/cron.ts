const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Offset of names[0] (months are 1-based). */
  nameBase?: number;
  special?: boolean;
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, special: true },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, nameBase: 0, special: true },
];
const SECONDS: Field = { name: 'second', min: 0, max: 59 };

/** Why a cron expression is invalid, or undefined when it is fine. Five fields, or six with seconds first. */
export function cronProblem(expr: string): string | undefined {
  const text = expr.trim();
  if (MACROS.includes(text.toLowerCase())) return undefined;
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== 5 && parts.length !== 6)
    return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}; use 5 (minute hour day month weekday) or 6 (seconds first)`;
  const fields = parts.length === 6 ? [SECONDS, ...FIELDS] : FIELDS;
  for (let i = 0; i < parts.length; i++) {
    const problem = fieldProblem(parts[i] as string, fields[i] as Field);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(text: string, f: Field): string | undefined {
  for (const item of text.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || range === undefined || range === '') return `bad ${f.name} field '${text}'`;
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step))
      return `bad step '/${step}' in the ${f.name} field`;
    if (range === '*' || (range === '?' && f.special)) continue;
    if (f.special && /^(L|LW|\d+W|\d+L|\d+#[1-5]|[A-Za-z]{3}#[1-5]|[A-Za-z]{3}L)$/.test(range)) continue;
    const ends = range.split('-');
    if (ends.length > 2) return `bad range '${range}' in the ${f.name} field`;
    const nums = ends.map((e) => value(e, f));
    if (nums.some((n) => n === undefined))
      return `'${range}' is not a valid ${f.name} (${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''})`;
    if (nums.length === 2 && (nums[0] as number) > (nums[1] as number))
      return `range '${range}' in the ${f.name} field goes backwards`;
  }
  return undefined;
}

function value(text: string, f: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= f.min && n <= f.max ? n : undefined;
  }
  const idx = f.names?.indexOf(text.toUpperCase()) ?? -1;
  return idx >= 0 ? idx + (f.nameBase ?? 0) : undefined;
}
