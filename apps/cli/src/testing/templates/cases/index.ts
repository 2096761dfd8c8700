import type { TemplateCase } from '../harness';
import { aiCases } from './ai';
import { apiCases } from './api';
import { codeCases } from './code';
import { compositionCases } from './composition';
import { dataCases } from './data';
import { humanCases, moderationCases } from './human';
import { opsCases } from './ops';
import { reliabilityCases } from './reliability';
import { moreScheduleCases, scheduleCases } from './schedules';

/** Every template's cases; each template needs a `happy` and a `failure` one. */
export const allCases: TemplateCase[] = [
  ...apiCases,
  ...dataCases,
  ...scheduleCases,
  ...moreScheduleCases,
  ...aiCases,
  ...humanCases,
  ...moderationCases,
  ...reliabilityCases,
  ...compositionCases,
  ...opsCases,
  ...codeCases,
];
