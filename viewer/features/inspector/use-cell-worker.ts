import { useEffect, useState } from 'react';
import { GridSchema, type Grid, type Person } from '../../../core/model/index.js';
import { requestJson } from '../../api/request.js';
import { useAuth } from '../auth/auth.state.js';

/**
 * A cell's worker (name, phone). The city's cells are loaded once, possibly before login, and the API leaves people
 * out for anonymous readers; so once someone is logged in, a cell without its worker is asked for again.
 */
export function useCellWorker(cell: Grid | undefined): Person | undefined {
  const { token } = useAuth();
  const [fetched, setFetched] = useState<{ id: string; worker: Person | undefined } | null>(null);
  const id = cell?.id;
  const known = cell?.worker;
  useEffect(() => {
    if (id === undefined || known !== undefined || !token) return;
    const abort = new AbortController();
    requestJson(GridSchema, `/api/grids/${encodeURIComponent(id)}`, { signal: abort.signal })
      .then((grid) => setFetched({ id, worker: grid.worker }))
      .catch(() => undefined);
    return () => abort.abort();
  }, [id, known, token]);
  if (known !== undefined) return known;
  return token && fetched !== null && fetched.id === id ? fetched.worker : undefined;
}
