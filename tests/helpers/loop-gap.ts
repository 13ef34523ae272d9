/**
 * Runs `work` and measures the largest gap between ticks of a 5 ms timer meanwhile: how long this thread's event loop
 * was blocked (the worker tests compare it with the work's own duration).
 */
export async function maxLoopGapDuring<T>(work: () => Promise<T>): Promise<{ value: T; maxGapMs: number; ms: number }> {
  let last = performance.now(),
    maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  try {
    const value = await work();
    return { value, maxGapMs: Math.max(maxGapMs, performance.now() - last), ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}
