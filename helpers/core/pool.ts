/**
 * Runs independent tasks at most `limit` at a time and returns their results in order. Against a
 * remote target a run is bound by round trips, not CPU: requests that don't depend on each other
 * (negative cases, probes, list walks, teardown) overlap their waits. Every task runs even when one
 * fails; the first failure is then thrown, so a failing case is never hidden behind another.
 */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failures.length) throw failures[0];
  return results;
}
