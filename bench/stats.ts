/** The middle run of several (the upper middle of an even count), NaN for none. */
export function median(values: readonly number[]): number {
	return values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : NaN;
}
