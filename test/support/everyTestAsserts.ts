/**
 * Every test must make at least one assertion: one that returns early, or whose assertions sit
 * in a callback that never ran, fails instead of passing for nothing.
 */
beforeEach(() => {
	expect.hasAssertions();
});
