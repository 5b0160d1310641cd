import { useEffect, useState } from 'react';

/**
 * A list the server filters, loaded again whenever `filter` changes; an answer that comes after a
 * newer filter was chosen is dropped. `learn` sees each list (the filter bar's choices grow from it).
 */
export function useFilteredList<F, T>(filter: F, load: (filter: F) => Promise<{ items: T[] }>, learn: (items: T[]) => void) {
  const [items, setItems] = useState<T[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    load(filter).then(
      (result) => {
        if (!current) return;
        setItems(result.items);
        setError(undefined);
        learn(result.items);
      },
      (e: Error) => current && (setItems(undefined), setError(e.message)),
    );
    return () => {
      current = false;
    };
  }, [filter, load, learn]);
  return { items, setItems, error };
}
