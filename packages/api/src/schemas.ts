/** zod input schemas shared by the routers (and importable by clients for forms). */
import { z } from 'zod';

export const workflowId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a workflow id is [a-z0-9][a-z0-9-]{0,62}');
export const stepId = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a step id is [A-Za-z_][A-Za-z0-9_]{0,62}');
export const runId = z.string().min(1).max(200);
export const version = z.number().int().positive();
export const yamlText = z
  .string()
  .min(1, 'the YAML text is empty')
  .max(1024 * 1024, 'the YAML text is larger than 1 MiB');
export const runStatus = z.enum(['QUEUED', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'CANCELLED']);
export const role = z.enum(['admin', 'editor', 'viewer']);
export const secretName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'a secret name is [A-Za-z_][A-Za-z0-9_]{0,127}');
export const debugOptions = z.object({
  stepMode: z.boolean().default(false),
  breakpoints: z
    .array(z.object({ stepId, condition: z.string().max(10_000).optional() }))
    .max(500)
    .default([]),
});
