/** The live region for messages to the person (a refused connection, a failed save). */
import { useEffect, useState } from 'react';
import { useDoc } from '../document/context';

export function Notice() {
  const notice = useDoc((s) => s.notice);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!notice) return;
    setVisible(true);
    const t = setTimeout(() => setVisible(false), 5000);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <div className="notice" role="status" aria-live="polite">
      {visible && notice ? notice.text : ''}
    </div>
  );
}
