/**
 * Where one run's time goes, phase by phase: written to n8n's log at debug level with the
 * node's total, for admins and for `npm run bench`, which prints it as the node's breakdown:
 * how each cut of the fixed cost was found and checked (bench/results.md).
 */
type Phase =
	| 'parameters'
	| 'items'
	| 'credential'
	| 'baseline'
	| 'compare'
	| 'account'
	| 'csv'
	| 'binary'
	| 'request'
	| 'baselineWrite'
	| 'output';

export class PhaseClock {
	/** performance.now() rather than Date.now(): most phases of a small run take under 1 ms. */
	private readonly startedAt = performance.now();
	private lastAt = this.startedAt;
	/** In the order they ran; a phase that runs twice (a retry) adds up. */
	private readonly spent = new Map<Phase, number>();

	/** Ends the phase that ran since the last lap (or the start) and names it. */
	lap(phase: Phase): void {
		const now = performance.now();
		this.spent.set(phase, (this.spent.get(phase) ?? 0) + (now - this.lastAt));
		this.lastAt = now;
	}

	elapsedMs(): number {
		return performance.now() - this.startedAt;
	}

	/** "parameters 0.4, items 1.2, ..." in ms, one decimal. */
	breakdown(): string {
		return [...this.spent].map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`).join(', ');
	}
}
