/**
 * CPU time one run may spend on work done for a provider rather than for the user (a
 * proof of work): shared by every provider and retry of the run, so a chain of routes on
 * one hostile gateway spends the allowance once, not once per route.
 */
export class CpuAllowance {
  private spentMs = 0;
  constructor(readonly limitMs: number) {}

  get remainingMs(): number {
    return Math.max(0, this.limitMs - this.spentMs);
  }

  get exhausted(): boolean {
    return this.spentMs >= this.limitMs;
  }

  spend(ms: number): void {
    this.spentMs += ms;
  }
}

/** The CPU one run may spend on proofs of work: "at most 5 s of CPU", per run. */
export const PROOF_OF_WORK_CPU_MS = 5_000;
