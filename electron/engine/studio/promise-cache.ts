/**
 * A bounded cache of loads by key: a second request while the first is in flight shares it, a
 * failure is forgotten (the next request tries again), and past `limit` the least recently used
 * entry goes. For things replayed over and over: voice previews, casting candidates.
 */
export function cachedLoad<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  limit: number,
  load: () => Promise<T>,
): Promise<T> {
  let entry = cache.get(key);
  if (entry) {
    // Used again: it moves to the back of the line.
    cache.delete(key);
  } else {
    entry = load();
    const loading = entry;
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key);
    });
  }
  cache.set(key, entry);
  while (cache.size > limit) cache.delete(cache.keys().next().value!);
  return entry;
}
