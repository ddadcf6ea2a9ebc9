/**
 * The emulator setup engine tests share: a local HRDC emulator for the test file, a credential
 * pointing at it (filled in once it listens), and the account reset before each test.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { HrdcEmulator, type AccountSeed } from '../emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow, type RunOptions } from './engine';

/**
 * A scheduled run of HR Items -> ActivTrak HRDC against the emulator (n8n keeps its static data,
 * as for an active workflow): the items, the node's parameters, CSV files as input, run options.
 * Without `staticData` it is a new workflow's first upload (see runWorkflow).
 */
export type EmulatorRun = (
	items: unknown[],
	parameters?: IDataObject,
	options?: Partial<RunOptions> & { files?: Buffer[] },
) => ReturnType<typeof runWorkflow>;

/**
 * The emulator makes a user for a lookup id it does not know (ActivTrak's account setting),
 * since most tests upload made-up people; `createUnmatchedUsers: false` answers "N users not
 * matched" instead, as an account does by default.
 */
export function useEmulator(
	apiKey: string,
	seed?: AccountSeed,
	{
		createUnmatchedUsers = true,
		scimKey,
	}: {
		createUnmatchedUsers?: boolean;
		/** ActivTrak's SCIM answers this key, and the credential carries it as its SCIM API Key. */
		scimKey?: string;
	} = {},
): {
	emulator: HrdcEmulator;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	run: EmulatorRun;
} {
	const emulator = new HrdcEmulator({ apiKey, createUnmatchedUsers, scimKey });
	// One object, filled in when the emulator listens: tests read it when they run.
	const credentials: Record<string, ICredentialDataDecryptedObject> = {};
	beforeAll(async () => {
		const baseUrl = await emulator.start();
		credentials.activTrakHrdcApi = {
			region: 'custom',
			baseUrl,
			apiKey,
			...(scimKey ? { scimApiKey: scimKey } : {}),
		};
	});
	afterAll(async () => await emulator.stop());
	if (seed) beforeEach(() => emulator.reset(seed));
	const run: EmulatorRun = async (items, parameters = {}, options = {}) =>
		await runWorkflow(hrdcWorkflow(items, parameters, { files: options.files }), {
			credentials,
			mode: 'trigger',
			...options,
		});
	return { emulator, credentials, run };
}
