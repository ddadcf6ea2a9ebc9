import { runDataIn } from '../e2e/realN8n';

describe("reading the run data out of n8n's printed output", () => {
	const run = { data: { resultData: { runData: { A: [{ executionTime: 3 }] } } } };
	const printed = JSON.stringify(run, null, 2);

	test('log lines before and after the run data are left out', () => {
		const stdout = `Loading...\n${printed}\nshutting down\n{"level":"info"}\n}\n`;
		expect(runDataIn(stdout)).toEqual(run);
	});

	test('a value holding "}" on its own is part of the run', () => {
		const tricky = { data: { text: '}\n{' } };
		expect(runDataIn(`x\n${JSON.stringify(tricky, null, 2)}\n}`)).toEqual(tricky);
	});

	test('no run data is an error that shows the output', () => {
		expect(() => runDataIn('Error: workflow failed')).toThrow(/no run data/);
		expect(() => runDataIn('{\n  "a": \n}\n')).toThrow(/does not parse/);
	});
});
