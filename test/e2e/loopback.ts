/**
 * A stand-in server on loopback for the e2e (Okta's and Graph's APIs, a trickling host): the
 * handler is given the server's own base URL, for the links it writes into its answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export function loopbackServer(
	handle: (req: IncomingMessage, res: ServerResponse, base: string) => void,
): { start(): Promise<string>; stop(): Promise<void> } {
	let base = '';
	const server = createServer((req, res) => handle(req, res, base));
	return {
		start: () =>
			new Promise<string>((resolve) =>
				server.listen(0, '127.0.0.1', () => {
					base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
					resolve(base);
				}),
			),
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
