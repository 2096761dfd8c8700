import type { TemplateCase } from '../harness';
import { apiCases } from './api';
import { humanCases } from './human';
import { scheduleCases } from './schedules';

/** Every template's cases; each template needs a `happy` and a `failure` one. */
export const allCases: TemplateCase[] = [...apiCases, ...humanCases, ...scheduleCases];
