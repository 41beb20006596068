// The bench's load shapes: closed loops (each of N loops starts its next operation when its previous one ended).
import { round } from './stats';

/**
 * `concurrency` loops, each starting the next operation when its previous one completed, for `seconds`. The rate counts
 * the operations completed within the window; those still in flight at its end are awaited (and their slowest one
 * reported) but not counted.
 */
export async function closedLoop(concurrency: number, seconds: number, operation: (n: number) => Promise<void>) {
  const started = performance.now();
  const end = started + seconds * 1000;
  let next = 0;
  let completed = 0;
  let finished = 0;
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        try {
          await operation(next++);
          finished += 1;
          if (performance.now() <= end) completed += 1;
        } catch (error) {
          const cause = (error as Error).cause as Error | undefined;
          errors.push(`${(error as Error).message}${cause ? ` (${cause.name}: ${cause.message})` : ''}`);
        }
      }
    }),
  );
  if (errors.length) throw new Error(`${errors.length} operations failed, first: ${errors[0]}`);
  return {
    completed,
    seconds,
    perSecond: round(completed / seconds),
    finished,
    drainSeconds: round((performance.now() - end) / 1000),
  };
}
