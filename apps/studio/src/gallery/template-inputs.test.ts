import { describe, expect, it } from 'vitest';
import { shortValue, templateInputs } from './template-inputs';

const YAML = `apiVersion: weft/v1
kind: Workflow
id: t
inputs:
  url: { type: string, default: 'https://api.example.com' }
  orderId: { type: string, required: true, description: The order }
steps: []
`;

describe('templateInputs', () => {
  it('reads type, required, default, description and the card sample', () => {
    expect(templateInputs(YAML, { orderId: 'A-1' })).toEqual([
      { name: 'url', type: 'string', required: false, default: 'https://api.example.com' },
      { name: 'orderId', type: 'string', required: true, description: 'The order', sample: 'A-1' },
    ]);
  });
  it('answers nothing for a file that is not YAML or has no inputs', () => {
    expect(templateInputs('a: [', {})).toEqual([]);
    expect(templateInputs('id: x', {})).toEqual([]);
  });
  it('shortens long values', () => {
    expect(shortValue([1, 2])).toBe('[1,2]');
    expect(shortValue('x'.repeat(100))).toHaveLength(80);
  });
});
