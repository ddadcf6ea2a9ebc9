/**
 * The node under each of n8n's 'On Error' settings, in the real engine: every failure (a safety
 * limit, bad data, an HTTP error) stops the workflow, or becomes one item on the main output, or
 * leaves by the error output, never by the success output.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, runWorkflow } from '../support/engine';
import { STOPPED_BY_LIMIT_AT_START } from '../support/messages';

const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
const FAILURES: Array<[string, unknown[], RegExp]> = [
	[
		'a safety limit',
		emails(20).map((u, i) => ({ user_lookup_id: u, delete_user: i < 15 })),
		STOPPED_BY_LIMIT_AT_START,
	],
	['bad data', [{ user_lookup_id: 'a@x.com', track: 'perhaps' }], /^Item 0, column track:/],
	[
		'an HTTP error (a rejected key)',
		[{ user_lookup_id: 'a@x.com' }],
		/^ActivTrak rejected the API key$/,
	],
];

describe("'On Error' settings", () => {
	const { emulator, credentials } = useEmulator('right-key', {
		users: emails(20).map((email) => ({ email })),
	});
	const run = async (
		items: unknown[],
		onError: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput',
	) => {
		const http = items.length === 1 && !('track' in (items[0] as IDataObject));
		const creds = http
			? { activTrakHrdcApi: { ...credentials.activTrakHrdcApi, apiKey: 'wrong-key' } }
			: credentials;
		return await runWorkflow(hrdcWorkflow(items, {}, { onError }), {
			credentials: creds,
			mode: 'trigger',
		});
	};

	test.each(FAILURES)(
		'Stop Workflow: %s stops the run with the error',
		async (_name, items, message) => {
			const result = await run(items, 'stopWorkflow');
			expect(result.error?.message).toMatch(message);
			expect(emulator.state().deleted).toHaveLength(0);
		},
	);

	test.each(FAILURES)(
		'Continue (regular output): %s is one error item on the main output',
		async (_name, items, message) => {
			const result = await run(items, 'continueRegularOutput');
			expect(result.error).toBeUndefined();
			expect(result.outputCount('ActivTrak HRDC')).toBe(1);
			const [item, ...rest] = result.output('ActivTrak HRDC');
			expect(rest).toEqual([]);
			// Its status first, as every output item's is.
			expect(Object.keys(item.json)).toEqual(['status', 'error', 'details']);
			expect(item.json.status).toBe('refused');
			expect(item.json.error).toMatch(message);
			expect(String(item.json.details).length).toBeGreaterThan(10);
			expect(item.pairedItem).toEqual(items.map((_, index) => ({ item: index })));
		},
	);

	test.each(FAILURES)(
		'Continue (using error output): %s leaves by the error output only',
		async (_name, items, message) => {
			const result = await run(items, 'continueErrorOutput');
			expect(result.error).toBeUndefined();
			expect(result.outputCount('ActivTrak HRDC')).toBe(2);
			expect(result.output('ActivTrak HRDC', 0)).toEqual([]);
			const errors = result.output('ActivTrak HRDC', 1);
			expect(errors).toHaveLength(1);
			expect(errors[0].json.error).toMatch(message);
			expect(String(errors[0].json.details).length).toBeGreaterThan(10);
			expect(emulator.state().deleted).toHaveLength(0);
		},
	);

	test('Continue (using error output): a run that succeeds leaves by the success output only', async () => {
		const result = await run([{ user_lookup_id: 'u1@x.com', track: true }], 'continueErrorOutput');
		expect(result.output('ActivTrak HRDC', 0)).toHaveLength(1);
		expect(result.output('ActivTrak HRDC', 0)[0].json.uploaded).toBe(true);
		expect(result.output('ActivTrak HRDC', 1)).toEqual([]);
	});

	test("with 'Hold for Approval' (two outputs), a failure leaves by the error output, the third", async () => {
		const wrongKey = { activTrakHrdcApi: { ...credentials.activTrakHrdcApi, apiKey: 'wrong-key' } };
		const result = await runWorkflow(
			hrdcWorkflow(
				[{ user_lookup_id: 'a@x.com' }],
				{ onSafetyLimit: 'hold' },
				{
					onError: 'continueErrorOutput',
				},
			),
			{ credentials: wrongKey, mode: 'trigger' },
		);
		expect(result.error).toBeUndefined();
		expect(result.outputCount('ActivTrak HRDC')).toBe(3);
		expect(result.output('ActivTrak HRDC', 0)).toEqual([]);
		expect(result.output('ActivTrak HRDC', 1)).toEqual([]);
		expect(result.output('ActivTrak HRDC', 2)[0].json.error).toMatch(
			/^ActivTrak rejected the API key$/,
		);
	});
});
