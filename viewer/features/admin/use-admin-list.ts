import { useCallback, useEffect, useState } from 'react';

/** A list loaded from the API, with its error and a reload (after a save or delete). */
export function useAdminList<T>(load: (signal: AbortSignal) => Promise<T[]>): {
  rows: T[];
  error: string | null;
  loading: boolean;
  reload: () => void;
} {
  const [rows, setRows] = useState<T[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    load(abort.signal)
      .then((items) => {
        setRows(items);
        setError(null);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      });
    return () => abort.abort();
    // `load` is a module-level API call: the list reloads on demand only.
  }, [revision]);
  const reload = useCallback(() => setRevision((r) => r + 1), []);
  return { rows, error, loading, reload };
}
