/** Orders both adapters list in, so the SQLite and SharePoint stores agree. */

/** Initiative codes in natural order: A1-2 before A1-10. */
export const byCodeNaturally = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

/** By each key in turn, comparing code units (as SQLite's default collation does). */
export function byFields<T>(...keys: ((record: T) => string)[]) {
  return (a: T, b: T): number => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}
