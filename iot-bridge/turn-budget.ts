/**
 * Bounds how long a stream of synchronous work holds the event loop. mqtt.js hands the next incoming packet over only
 * once the previous one's callback ran; when callbacks run at once, a backlog in the socket is worked through in one
 * turn of the event loop (nextTick after nextTick). On a busy machine that turn lasted seconds (3.2 s measured, with
 * 0.6 s of CPU): the database thread's answers, timers and the live hub's alerts all waited behind it, so storage
 * stalled while messages piled up. `next` runs its callback at once while the current turn is young, and on a later
 * turn (setImmediate) once the turn has run `budgetMs`, letting everything else queued go first.
 *
 * @example
 * const turns = new TurnBudget(5);
 * client.handleMessage = (packet, done) => { handle(packet); turns.next(done); };
 */
export class TurnBudget {
  /** When the current turn's first call came (performance.now()), or null before it. */
  private turnStart: number | null = null;
  private readonly endTurn = (): void => {
    this.turnStart = null;
  };

  constructor(private readonly budgetMs = 5) {}

  /** Calls `fn` now, or on a later turn of the event loop when this turn has used its budget. */
  next(fn: () => void): void {
    const now = performance.now();
    if (this.turnStart === null) {
      this.turnStart = now;
      // Runs once the current turn's I/O callbacks are done: the next call starts a new turn.
      setImmediate(this.endTurn);
    } else if (now - this.turnStart >= this.budgetMs) {
      setImmediate(fn);
      return;
    }
    fn();
  }
}
