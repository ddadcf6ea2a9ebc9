/**
 * Runs the emulator on its own: `npx tsx test/emulator/cli.ts [--port 8787 --key dev-key]`.
 * State: GET /_emulator/state; request log: GET /_emulator/requests.
 */
import { HrdcEmulator } from './HrdcEmulator';
import { SAMPLE_ACCOUNT } from './sampleAccount';

function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main() {
	const emulator = new HrdcEmulator({ apiKey: argument('key', 'dev-key'), seed: SAMPLE_ACCOUNT });
	const url = await emulator.start(Number(argument('port', '8787')));
	console.log(`HRDC emulator on ${url} (API key: the one given with --key, default dev-key)`);
	console.log(`  upload: POST ${url}/hrdc/v2/bulk   state: GET ${url}/_emulator/state`);
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
