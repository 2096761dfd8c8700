/** "Use this template": a new workflow from it (the server picks a fresh id), opened in the editor. */
import { useState } from 'react';
import { useCreateFromTemplate } from '../api/calls';
import { errorText } from '../api/hooks';
import { navigate } from '../app/router';

export function useUseTemplate(): {
  use: (templateId: string) => Promise<void>;
  busy: string | null;
  error: string | null;
} {
  const createFromTemplate = useCreateFromTemplate();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const use = async (templateId: string) => {
    setBusy(templateId);
    setError(null);
    try {
      const r = await createFromTemplate(templateId);
      navigate({ page: 'editor', workflowId: r.workflowId });
    } catch (e) {
      setError(`Could not use ${templateId}: ${errorText(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return { use, busy, error };
}
