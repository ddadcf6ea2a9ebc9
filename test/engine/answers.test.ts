/**
 * ActivTrak's answer read fully: `messages` in any of the shapes seen (strings, a list of lists,
 * objects, one string), and the number of lines HRDC says it read compared with the rows sent.
 */
import type { Fault } from '../emulator/HrdcEmulator';
import { useEmulator } from '../support/emulatorSetup';
import { parseHrdcResponse } from '../../nodes/ActivTrakHrdc/transport/responses';

const ITEMS = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
	user_lookup_id: `${name}@x.com`,
	group: 'Sales',
}));
const answer = (body: unknown): Fault => ({ status: 200, body: JSON.stringify(body) });

describe("ActivTrak's answer", () => {
	const { emulator, run } = useEmulator('answers-key', {
		users: ITEMS.map(({ user_lookup_id }) => ({ email: user_lookup_id })),
	});

	test.each<[string, unknown, string[]]>([
		['a list of strings', ['5 lines read'], ['5 lines read']],
		[
			'a list of lists',
			[['5 lines read'], ['2 users', ['not matched']]],
			['5 lines read', '2 users', 'not matched'],
		],
		['objects', [{ message: '5 lines read' }, { code: 7 }], ['5 lines read', '{"code":7}']],
		['one string', '5 lines read', ['5 lines read']],
	])('messages as %s are read as text', (_name, messages, texts) => {
		expect(parseHrdcResponse(JSON.stringify({ success: true, messages }))).toEqual({
			success: true,
			messages: texts,
		});
	});

	test('a list of lists in a refusal names its messages', async () => {
		emulator.injectFaults({
			status: 400,
			body: JSON.stringify({ success: false, messages: [['Invalid file'], ['row 3']] }),
		});
		const result = await run(ITEMS, { options: { maxRetries: 0 } });
		expect(result.error?.message).toMatch(/Invalid file; row 3|Invalid file.*row 3/);
	});

	test('fewer lines read than rows sent is a warning in the output', async () => {
		emulator.injectFaults(answer({ success: true, messages: [['3 lines read']] }));
		const result = await run(ITEMS, {});
		expect(result.error).toBeUndefined();
		const json = result.output('ActivTrak HRDC')[0].json;
		expect(json.messages).toEqual(['3 lines read']);
		expect(json.warnings).toContainEqual(
			expect.stringMatching(/^ActivTrak says it read 3 lines, but the CSV sent has 5 rows/),
		);
	});

	test('as many lines read as rows, with or without the header, is no warning', async () => {
		for (const lines of [5, 6]) {
			emulator.injectFaults(answer({ success: true, messages: [`${lines} lines read`] }));
			const json = (await run(ITEMS, {})).output('ActivTrak HRDC')[0].json;
			expect((json.warnings as string[]).filter((w) => w.startsWith('ActivTrak says'))).toEqual([]);
		}
	});
});

describe("warnings where n8n's editor shows them", () => {
	const { run } = useEmulator('hints-key', {
		users: [{ email: 'a@x.com' }, { email: 'b@x.com' }],
	});

	test('each warning of a run is also an execution hint above the output', async () => {
		const result = await run(
			[
				{ user_lookup_id: 'a@x.com', display_name: 'Sam Lee', group: 'Sales' },
				{ user_lookup_id: 'b@x.com', display_name: 'Sam Lee', group: 'Sales' },
			],
			{},
		);
		expect(result.error).toBeUndefined();
		const warnings = result.output('ActivTrak HRDC')[0].json.warnings as string[];
		const hints = result.run.data.resultData.runData['ActivTrak HRDC'][0].hints ?? [];
		expect(warnings.length).toBeGreaterThan(0);
		expect(hints.map((hint) => hint.message)).toEqual(
			warnings.slice(0, 5).map((w) => (w.length > 300 ? `${w.slice(0, 297)}...` : w)),
		);
		expect(hints.every((hint) => hint.type === 'warning' && hint.location === 'outputPane')).toBe(
			true,
		);
	});
});
