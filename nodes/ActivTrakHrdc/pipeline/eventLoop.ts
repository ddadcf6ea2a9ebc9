/**
 * Long loops over items or rows hand n8n's event loop a turn now and then, so that one large
 * sync never holds up every other workflow, webhook and the editor of that n8n (the target is
 * no stall over about 250 ms; bench/eventLoop.ts measures it).
 */
import { sleep } from 'n8n-workflow';

/** Work between two turns: short against the target, long against the cost of a turn. */
const SLICE_MS = 40;
/** The clock is read once per this many steps of a loop: a read per step would cost more. */
const STEPS_PER_LOOK = 512;

export class EventLoopTurns {
	private sliceStart = performance.now();

	private steps = 0;

	/** Called once per step of a loop; gives the event loop a turn when the slice is used up. */
	async step(): Promise<void> {
		if (++this.steps % STEPS_PER_LOOK !== 0) return;
		await this.turnIfDue();
	}

	/** A turn now if the slice is used up (between larger pieces of work). */
	async turnIfDue(): Promise<void> {
		if (performance.now() - this.sliceStart < SLICE_MS) return;
		await sleep(0);
		this.sliceStart = performance.now();
	}
}
