/** A progress callback that prints each stage once, then a line per ~10% of a long stage, with rate. */
export interface ProgressPrinter {
  (stage: string, done: number, total: number): void;
  /** Ends the last stage's line. */
  done(): void;
}

/** Creates a progress printer writing through `log` (stages, counts, rate and time left on long stages). */
export function createProgressPrinter(log: (line: string) => void, clock: () => number = Date.now): ProgressPrinter {
  let stage = '';
  let stageStart = 0;
  let lastTenth = -1;
  const printer = ((name: string, done: number, total: number) => {
    if (name !== stage) {
      stage = name;
      stageStart = clock();
      lastTenth = -1;
      // Stage lists (total under 1,000) read as steps; long counts print their size and then their rate.
      log(total >= 1000 ? `  - ${name} (${total.toLocaleString('en')})` : `  - [${done}/${total}] ${name}`);
    }
    if (total < 1000) return;
    const tenth = Math.floor((done / total) * 10);
    if (tenth > lastTenth && tenth < 10 && done > 0) {
      lastTenth = tenth;
      const elapsed = (clock() - stageStart) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const left = rate > 0 ? (total - done) / rate : 0;
      log(
        `    ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.round(rate).toLocaleString('en')}/s, ${left.toFixed(0)} s left)`,
      );
    }
  }) as ProgressPrinter;
  printer.done = () => {
    stage = '';
  };
  return printer;
}
