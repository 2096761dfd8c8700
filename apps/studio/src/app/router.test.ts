import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router';

describe('router', () => {
  it('the dashboard keeps its window in the address', () => {
    expect(parseRoute('#/dashboard')).toEqual({ page: 'dashboard', range: '24h' });
    expect(parseRoute('#/dashboard?range=7d')).toEqual({ page: 'dashboard', range: '7d' });
    expect(parseRoute('#/dashboard?range=nonsense')).toEqual({ page: 'dashboard', range: '24h' });
    expect(href({ page: 'dashboard', range: '7d' })).toBe('#/dashboard?range=7d');
    expect(href({ page: 'dashboard', range: '24h' })).toBe('#/dashboard');
  });
  it('the schedules page has its own address', () => {
    expect(parseRoute('#/schedules')).toEqual({ page: 'schedules' });
    expect(href({ page: 'schedules' })).toBe('#/schedules');
    expect(parseRoute('#/schedules/x')).toEqual({ page: 'not-found', path: '/schedules/x' });
  });
  it('the admin pages: audit log and settings', () => {
    expect(parseRoute('#/audit')).toEqual({ page: 'audit' });
    expect(href({ page: 'audit' })).toBe('#/audit');
    expect(parseRoute('#/admin/settings')).toEqual({ page: 'admin-settings' });
    expect(href({ page: 'admin-settings' })).toBe('#/admin/settings');
    expect(parseRoute('#/audit/x')).toEqual({ page: 'not-found', path: '/audit/x' });
  });
  it('a run link carries the playback event (?at=)', () => {
    expect(parseRoute('#/runs/r1?at=12')).toEqual({ page: 'run', runId: 'r1', at: 12 });
    expect(parseRoute('#/runs/r1?at=x')).toEqual({ page: 'run', runId: 'r1' });
    expect(parseRoute('#/runs/r1?at=-3')).toEqual({ page: 'run', runId: 'r1' });
    expect(href({ page: 'run', runId: 'r1', at: 7 })).toBe('#/runs/r1?at=7');
    expect(href({ page: 'run', runId: 'r1' })).toBe('#/runs/r1');
  });
  it('older routes still parse', () => {
    expect(parseRoute('#/')).toEqual({ page: 'workflows' });
    expect(parseRoute('#/runs/r1')).toEqual({ page: 'run', runId: 'r1' });
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });
});
