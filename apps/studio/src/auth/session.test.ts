import { describe, expect, it } from 'vitest';
import { deniedReason } from './session';

describe('what a session may do', () => {
  it('allows everything without auth', () => {
    expect(
      deniedReason({ authEnabled: false, signedIn: true, name: 'local', role: 'admin' }, 'admin'),
    ).toBeNull();
  });
  it('makes a viewer read-only and says why', () => {
    const viewer = { authEnabled: true, signedIn: true, name: 'ci-reader', role: 'viewer' as const };
    expect(deniedReason(viewer, 'viewer')).toBeNull();
    expect(deniedReason(viewer, 'editor')).toBe(
      'Read-only: token “ci-reader” has the viewer role; this needs an editor or admin token.',
    );
  });
  it('lets an editor save and run but not manage secrets', () => {
    const editor = { authEnabled: true, signedIn: true, name: 'dev', role: 'editor' as const };
    expect(deniedReason(editor, 'editor')).toBeNull();
    expect(deniedReason(editor, 'admin')).toContain('needs an admin token');
    expect(deniedReason({ ...editor, role: 'admin' }, 'admin')).toBeNull();
  });
});
