/**
 * The emulator setup engine tests share: a local HRDC emulator for the test file, a credential
 * pointing at it (filled in once it listens), and the account reset before each test.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { HrdcEmulator, type AccountSeed } from '../emulator/HrdcEmulator';

export function useEmulator(
	apiKey: string,
	seed?: AccountSeed,
): { emulator: HrdcEmulator; credentials: Record<string, ICredentialDataDecryptedObject> } {
	const emulator = new HrdcEmulator({ apiKey });
	// One object, filled in when the emulator listens: tests read it when they run.
	const credentials: Record<string, ICredentialDataDecryptedObject> = {};
	beforeAll(async () => {
		const baseUrl = await emulator.start();
		credentials.activTrakHrdcApi = { region: 'custom', baseUrl, apiKey };
	});
	afterAll(async () => await emulator.stop());
	if (seed) beforeEach(() => emulator.reset(seed));
	return { emulator, credentials };
}
