/**
 * A local ActivTrak HR Data Connector for development, tests and the demo. It implements the
 * guide's semantics ("Update Users via CSV") on an in-memory account and answers in the
 * documented `{messages, success}` shape. It is not ActivTrak: where the guide is silent it
 * picks the cautious reading (an upload without a `group` column deletes every HRDC group), so
 * our safety checks are tested against the worst case. Not part of the published package.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { followsColumnList, type HrdcColumnId } from '../../nodes/ActivTrakHrdc/snapshot/columns';
import { boundaryOf, readMultipart, MultipartSyntaxError } from '../support/multipartReader';
import { CsvSyntaxError, parseStrictCsv } from '../support/strictCsv';
import { SCIM_AS_RFC, answerScimGet, type ScimServing } from './scim';

export interface EmulatorUser {
	id: number;
	email: string;
	upn: string;
	employeeId: string;
	displayName: string;
	tracked: boolean;
	deleted: boolean;
}

export interface EmulatorGroup {
	name: string;
	/** Who made it: HRDC groups follow the snapshot; app groups are never touched by uploads. */
	source: 'hrdc' | 'app';
	members: number[];
}

export interface AccountSeed {
	users: Array<Partial<Omit<EmulatorUser, 'id'>> & { email: string }>;
	groups?: Array<{ name: string; source?: 'hrdc' | 'app'; members: string[] }>;
}

export interface AccountState {
	users: EmulatorUser[];
	groups: Array<{ name: string; source: 'hrdc' | 'app'; members: string[] }>;
	doNotTrack: string[];
	deleted: string[];
}

export interface LoggedRequest {
	method: string;
	path: string;
	status: number;
	apiKeyAccepted: boolean;
	contentType?: string;
	/** The `File` part, when the body had one. */
	fileName?: string;
	fileContentType?: string;
	csv?: string;
	bodyBytes: number;
	/** SHA-256 of the whole body as it arrived: equal hashes mean byte-identical uploads. */
	bodySha256: string;
	/** When the request arrived (ms since the epoch). */
	receivedAt: number;
	/** The connection was cut before the whole body arrived. */
	cut?: true;
}

/** A scripted answer for the next bulk upload(s), for fault tests. */
export interface Fault {
	status?: number;
	body?: string;
	headers?: Record<string, string>;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Destroy the connection instead of answering. */
	reset?: boolean;
	/** Destroy the connection once this many body bytes have arrived: a reset mid-upload. */
	resetAfterBytes?: number;
	/** Answer 302 with this Location. */
	redirectTo?: string;
	/** Answer with a body of this many bytes of `fill` (default "x"): a huge answer. */
	bodyBytes?: number;
	fill?: string;
	/** Announce a long body, then send one byte every this many ms until the client leaves. */
	trickleEveryMs?: number;
	/** Announce a longer body, send this many bytes of it, then close the connection. */
	dropAfterBodyBytes?: number;
	/** Write these bytes to the socket as the whole answer, then close: not (quite) HTTP. */
	raw?: string;
	/** Put the x-api-key the request carried into the answer's messages, in several spellings. */
	echoKey?: boolean;
	/**
	 * Apply the upload as a success would first, then answer with the rest of the fault: ActivTrak
	 * took it, and the answer is lost (a reset, a gateway's 504, a hang).
	 */
	applyFirst?: boolean;
	/** Never answer; the connection stays open until the client gives up. */
	hang?: boolean;
}

export interface EmulatorOptions {
	apiKey: string;
	/** The SCIM API key it accepts (none: SCIM answers 401 to every key). */
	scimKey?: string;
	/** How its SCIM lists are paged and keyed (RFC 7644's way by default). */
	scimServing?: ScimServing;
	seed?: AccountSeed;
	port?: number;
	/**
	 * The account setting ActivTrak's guide mentions: a lookup id that matches no user makes a
	 * new user (its email the lookup id) instead of being "not matched". Off, as by default.
	 */
	createUnmatchedUsers?: boolean;
}

function json(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

const hrdcAnswer = (success: boolean, ...messages: string[]) => ({ messages, success });

/** What one upload gathers while its rows are applied, one row at a time. */
interface UploadInProgress {
	messages: string[];
	wantedGroups: Map<string, Set<number>>;
	toDelete: Set<EmulatorUser>;
	/** Whether a display name is held by a user other than this one. */
	nameTaken(user: EmulatorUser, displayName: string): boolean;
}

type ApplyCell = (user: EmulatorUser, value: string, upload: UploadInProgress) => void;

/**
 * What each column ActivTrak's guide names does to a matched user, written as the server
 * knows it (not taken from the node, so a wrong column in the node is refused here). Typed by
 * the node's column ids: a column added to HRDC_COLUMNS does not compile until it is applied
 * here, and a header column with no entry is refused, so none is accepted and dropped.
 */
const APPLY_CELL: { readonly [Column in HrdcColumnId]: ApplyCell } = {
	user_lookup_id: () => {}, // finds the user; written nowhere
	employee_id: (user, value) => {
		if (value) user.employeeId = value;
	},
	email_address: (user, value) => {
		if (value) user.email = value;
	},
	display_name: (user, value, upload) => {
		if (!value || value === user.displayName) return;
		if (upload.nameTaken(user, value))
			upload.messages.push(`Display name "${value}" is already used; not applied`);
		else user.displayName = value;
	},
	group: (user, value, upload) => {
		if (!value) return;
		const members = upload.wantedGroups.get(value) ?? new Set<number>();
		members.add(user.id);
		upload.wantedGroups.set(value, members);
	},
	track: (user, value) => {
		if (value.toLowerCase() === 'n') user.tracked = false;
	},
	delete_user: (user, value, upload) => {
		if (value.toLowerCase() === 'y') upload.toDelete.add(user);
	},
};

/**
 * The columns in the guide's order; followsColumnList() stops the tests at load when the
 * node's column list and this one part.
 */
export const EMULATOR_COLUMNS = followsColumnList(
	[
		'user_lookup_id',
		'employee_id',
		'email_address',
		'display_name',
		'group',
		'track',
		'delete_user',
	],
	'The HRDC emulator (test/emulator/HrdcEmulator.ts)',
);

const appliesColumn = (name: string): name is HrdcColumnId => Object.hasOwn(APPLY_CELL, name);

export class HrdcEmulator {
	/** The key it accepts; rotateKey() changes it, as an admin rotating the key in ActivTrak. */
	apiKey: string;

	private server: Server | null = null;

	private users: EmulatorUser[] = [];

	private groups: EmulatorGroup[] = [];

	private faults: Fault[] = [];

	readonly requests: LoggedRequest[] = [];

	/** Every request to /scim/ that was not a GET: the node must never send one. */
	readonly scimWrites: LoggedRequest[] = [];

	scimKey: string | undefined;

	scimServing: ScimServing;

	/** See EmulatorOptions.createUnmatchedUsers. */
	createUnmatchedUsers: boolean;

	constructor(options: EmulatorOptions) {
		this.apiKey = options.apiKey;
		this.scimKey = options.scimKey;
		this.scimServing = options.scimServing ?? SCIM_AS_RFC;
		this.createUnmatchedUsers = options.createUnmatchedUsers === true;
		this.reset(options.seed ?? { users: [] });
	}

	/** Replaces the account with `seed` and forgets the request log. */
	reset(seed: AccountSeed): void {
		this.users = seed.users.map((user, index) => ({
			id: index + 1,
			email: user.email,
			upn: user.upn ?? '',
			employeeId: user.employeeId ?? '',
			displayName: user.displayName ?? user.email,
			tracked: user.tracked ?? true,
			deleted: user.deleted ?? false,
		}));
		this.groups = (seed.groups ?? []).map((group) => ({
			name: group.name,
			source: group.source ?? 'app',
			members: group.members.map((email) => {
				const user = this.users.find((u) => u.email === email);
				if (!user) throw new Error(`seed group ${group.name}: no user ${email}`);
				return user.id;
			}),
		}));
		this.requests.length = 0;
		this.scimWrites.length = 0;
		this.faults = [];
		this.created.clear();
		this.seeded = this.users.length;
	}

	/** Makes the next uploads answer with these faults, one each, before normal service resumes. */
	injectFaults(...faults: Fault[]): void {
		this.faults.push(...faults);
	}

	/**
	 * Takes a user out of a group, as if ActivTrak had not applied that row: what Verify Last
	 * Upload must find. Throws when there is no such membership (a test would prove nothing).
	 */
	dropMembership(groupName: string, email: string, source: 'hrdc' | 'app' = 'hrdc'): void {
		const group = this.groups.find((g) => g.name === groupName && g.source === source);
		const user = this.users.find((u) => u.email === email);
		if (!group || !user || !group.members.includes(user.id))
			throw new Error(`no membership of ${email} in ${source} group ${groupName}`);
		group.members = group.members.filter((id) => id !== user.id);
	}

	/** Adds a group as if made in ActivTrak another way (by hand, another integration). */
	addGroup(name: string, source: 'hrdc' | 'app', emails: string[]): void {
		const members = emails.map((email) => {
			const user = this.users.find((u) => u.email === email);
			if (!user) throw new Error(`no user ${email}`);
			return user.id;
		});
		this.groups.push({ name, source, members });
	}

	state(): AccountState {
		const emailOf = (id: number) => this.users.find((u) => u.id === id)?.email ?? `#${id}`;
		return {
			users: this.users.map((u) => ({ ...u })),
			groups: this.groups
				.map((g) => ({ name: g.name, source: g.source, members: g.members.map(emailOf).sort() }))
				.sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source)),
			doNotTrack: this.users
				.filter((u) => !u.tracked)
				.map((u) => u.email)
				.sort(),
			deleted: this.users
				.filter((u) => u.deleted)
				.map((u) => u.email)
				.sort(),
		};
	}

	get uploads(): LoggedRequest[] {
		return this.requests.filter((r) => r.path === '/hrdc/v2/bulk');
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('emulator not started');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(port = 0): Promise<string> {
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error: Error) => {
				if (!res.headersSent) json(res, 500, hrdcAnswer(false, `emulator error: ${error.message}`));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = null;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const receivedAt = Date.now();
		// Held now: leaving the body loop early detaches the socket from the request.
		const socket = req.socket;
		const path = (req.url ?? '/').split('?')[0];
		const cutAt = path === '/hrdc/v2/bulk' ? this.faults[0]?.resetAfterBytes : undefined;
		const chunks: Buffer[] = [];
		let received = 0;
		for await (const chunk of req) {
			chunks.push(chunk as Buffer);
			received += (chunk as Buffer).length;
			if (cutAt !== undefined && received >= cutAt) break;
		}
		// A cut request keeps only the bytes read before the cut: the rest is never accepted.
		const body =
			cutAt === undefined ? Buffer.concat(chunks) : Buffer.concat(chunks).subarray(0, cutAt);
		if (cutAt !== undefined) {
			this.faults.shift();
			this.requests.push({
				method: req.method ?? '',
				path,
				status: -1,
				apiKeyAccepted: req.headers['x-api-key'] === this.apiKey,
				bodyBytes: body.length,
				bodySha256: createHash('sha256').update(body).digest('hex'),
				receivedAt,
				cut: true,
			});
			socket.destroy();
			return;
		}
		const apiKeyAccepted = req.headers['x-api-key'] === this.apiKey;
		const entry: LoggedRequest = {
			method: req.method ?? '',
			path,
			status: 0,
			apiKeyAccepted,
			contentType: req.headers['content-type'],
			bodyBytes: body.length,
			bodySha256: createHash('sha256').update(body).digest('hex'),
			receivedAt,
		};
		const answer = (status: number, payload: unknown, headers?: Record<string, string>) => {
			entry.status = status;
			json(res, status, payload, headers);
		};

		if (path.startsWith('/_emulator/')) {
			this.handleControl(req.method ?? '', path, body, answer);
			return;
		}
		this.requests.push(entry);
		if (/^\/scim(\/|$)/i.test(path)) {
			if (req.method !== 'GET') {
				this.scimWrites.push(entry);
				return answer(405, { detail: 'the emulator serves SCIM reads only' });
			}
			if (!this.scimKey || req.headers['x-api-key'] !== this.scimKey)
				return answer(401, { detail: 'Unauthorized' });
			const scim = answerScimGet(
				new URL(req.url ?? '/', 'http://emulator'),
				{ users: this.users, groups: this.groups },
				this.scimServing,
			);
			if (!scim) return answer(404, { detail: 'Not Found' });
			// Ping answers the word "Pong" as text, the lists JSON.
			if (typeof scim.body === 'string') {
				entry.status = scim.status;
				res.writeHead(scim.status, { 'content-type': 'text/plain' });
				res.end(scim.body);
				return;
			}
			return answer(scim.status, scim.body);
		}
		if (req.method === 'GET' && path === '/hrdc/ping') {
			if (!apiKeyAccepted) return answer(401, hrdcAnswer(false, 'Unauthorized'));
			return answer(200, hrdcAnswer(true, 'up'));
		}
		if (path !== '/hrdc/v2/bulk') return answer(404, { message: 'Not Found' });
		if (req.method !== 'POST') return answer(405, { message: 'Method Not Allowed' });

		// Read the file first, so the log shows what arrived even when it is refused.
		const boundary = boundaryOf(req.headers['content-type']);
		let file: { data: Buffer; fileName?: string; contentType?: string } | undefined;
		let malformed: string | null = null;
		if (!boundary) {
			malformed = 'The request must be multipart/form-data';
		} else {
			try {
				file = readMultipart(body, boundary).find((part) => part.name === 'File');
				if (!file) malformed = 'No file was sent in the File field';
			} catch (error) {
				if (!(error instanceof MultipartSyntaxError)) throw error;
				malformed = `The multipart body is malformed: ${error.message}`;
			}
		}
		if (file) {
			entry.fileName = file.fileName;
			entry.fileContentType = file.contentType;
			entry.csv = file.data.toString('utf8');
		}

		const fault = this.faults.shift();
		if (fault?.applyFirst && apiKeyAccepted && file) this.applyCsv(file.data);
		if (fault) return this.answerWithFault(fault, res, entry, req.headers['x-api-key']);
		if (!apiKeyAccepted) return answer(401, hrdcAnswer(false, 'Invalid API key'));
		if (malformed || !file) return answer(400, hrdcAnswer(false, malformed ?? 'No file'));
		const result = this.applyCsv(file.data);
		if (!result.ok) return answer(400, hrdcAnswer(false, ...result.messages));
		return answer(200, hrdcAnswer(true, ...result.messages));
	}

	private answerWithFault(
		fault: Fault,
		res: ServerResponse,
		entry: LoggedRequest,
		sentKey: string | string[] | undefined,
	): void {
		const send = () => {
			if (fault.hang) return;
			const status = fault.status ?? 500;
			if (fault.reset) {
				entry.status = -1;
				res.socket?.destroy();
				return;
			}
			if (fault.redirectTo) {
				entry.status = 302;
				res.writeHead(302, { location: fault.redirectTo, 'content-length': 0 });
				res.end();
				return;
			}
			if (fault.raw !== undefined) {
				entry.status = -2;
				const socket = res.socket!;
				socket.end(fault.raw, () => socket.destroy());
				return;
			}
			entry.status = status;
			if (fault.trickleEveryMs !== undefined) {
				res.writeHead(status, { 'content-type': 'application/json', 'content-length': 1_000_000 });
				const timer = setInterval(() => {
					if (res.destroyed || res.socket?.destroyed) clearInterval(timer);
					else res.write('{');
				}, fault.trickleEveryMs);
				res.on('close', () => clearInterval(timer));
				return;
			}
			if (fault.dropAfterBodyBytes !== undefined) {
				res.writeHead(status, {
					'content-type': 'application/json',
					'content-length': fault.dropAfterBodyBytes * 2 + 10,
				});
				res.write('x'.repeat(fault.dropAfterBodyBytes), () => res.socket?.destroy());
				return;
			}
			if (fault.bodyBytes !== undefined) {
				const fill = Buffer.alloc(Math.min(fault.bodyBytes, 1 << 20), fault.fill ?? 'x');
				res.writeHead(status, {
					'content-type': 'text/plain',
					'content-length': fault.bodyBytes,
					...fault.headers,
				});
				// Written in 1 MiB pieces as the client reads; a client that leaves ends it.
				let left = fault.bodyBytes;
				const pump = () => {
					while (left > 0 && !res.destroyed) {
						const piece = fill.subarray(0, Math.min(left, fill.length));
						left -= piece.length;
						if (!res.write(piece)) return void res.once('drain', pump);
					}
					if (left === 0) res.end();
				};
				pump();
				return;
			}
			const key = Array.isArray(sentKey) ? sentKey[0] : (sentKey ?? '');
			const body =
				fault.body ??
				JSON.stringify(
					fault.echoKey
						? hrdcAnswer(
								false,
								`Invalid key ${key}`,
								`key=${encodeURIComponent(key)}`,
								`<b>${key.toUpperCase()}</b>`,
								`auth ${Buffer.from(key).toString('base64')}`,
								// Inside longer base64 at the other two alignments, in hex, split by markup.
								`echo ${Buffer.from(`x-api-key: ${key}`).toString('base64')}`,
								`echo ${Buffer.from(`xx-api-key: ${key}`).toString('base64')}`,
								`hex ${Buffer.from(key).toString('hex')}`,
								`<p>${key.slice(0, 5)}<br>${key.slice(5)}</p>`,
							)
						: hrdcAnswer(false, `injected ${status}`),
				);
			res.writeHead(status, { 'content-type': 'application/json', ...fault.headers });
			res.end(body);
		};
		if (fault.delayMs) setTimeout(send, fault.delayMs);
		else send();
	}

	private handleControl(
		method: string,
		path: string,
		body: Buffer,
		answer: (status: number, payload: unknown) => void,
	): void {
		if (method === 'GET' && path === '/_emulator/state') return answer(200, this.state());
		if (method === 'GET' && path === '/_emulator/requests') return answer(200, this.requests);
		if (method === 'POST' && path === '/_emulator/reset') {
			this.reset(JSON.parse(body.toString('utf8') || '{"users":[]}') as AccountSeed);
			return answer(200, this.state());
		}
		if (method === 'POST' && path === '/_emulator/faults') {
			this.injectFaults(...(JSON.parse(body.toString('utf8')) as Fault[]));
			return answer(200, { queued: this.faults.length });
		}
		return answer(404, { message: 'Not Found' });
	}

	/** How many users the seed gave (the first ones in `users`). */
	private seeded = 0;

	/** Users made for lookup ids no user had, by lower-case lookup id (found in O(1)). */
	private created = new Map<string, EmulatorUser>();

	/** A user made for a lookup id no user had ('createUnmatchedUsers'). */
	private newUser(lookupId: string): EmulatorUser {
		const user: EmulatorUser = {
			id: this.users.length + 1,
			email: lookupId,
			upn: '',
			employeeId: '',
			displayName: lookupId,
			tracked: true,
			deleted: false,
		};
		this.users.push(user);
		this.created.set(lookupId.toLowerCase(), user);
		return user;
	}

	private findUser(lookupId: string): EmulatorUser | undefined {
		const wanted = lookupId.toLowerCase();
		const made = this.created.get(wanted);
		if (made) return made.deleted ? undefined : made;
		// The seeded users only (the made ones are in the map): a first upload of 100,000 new
		// users must not scan a growing list.
		for (let at = 0; at < this.seeded; at++) {
			const u = this.users[at];
			if (
				!u.deleted &&
				(u.email.toLowerCase() === wanted ||
					(u.upn !== '' && u.upn.toLowerCase() === wanted) ||
					(u.employeeId !== '' && u.employeeId.toLowerCase() === wanted))
			)
				return u;
		}
		return undefined;
	}

	/** Applies one snapshot; refuses a file that is not a CSV HRDC can read. */
	private applyCsv(data: Buffer): { ok: boolean; messages: string[] } {
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(data);
		} catch {
			return { ok: false, messages: ['The file is not a UTF-8 CSV file'] };
		}
		if (text.includes('\u0000')) return { ok: false, messages: ['The file is not a CSV file'] };
		let rows: string[][];
		try {
			rows = parseStrictCsv(text);
		} catch (error) {
			if (!(error instanceof CsvSyntaxError)) throw error;
			return { ok: false, messages: [`The file is not a valid CSV file: ${error.message}`] };
		}
		const [header = [], ...lines] = rows;
		if (!header.includes('user_lookup_id')) {
			return { ok: false, messages: ['The file has no user_lookup_id column'] };
		}
		const unknown = header.filter((name) => !appliesColumn(name));
		if (unknown.length) {
			return { ok: false, messages: [`Unknown columns: ${unknown.join(', ')}`] };
		}
		const lookupAt = header.indexOf('user_lookup_id');
		const applied = header.map((name) => APPLY_CELL[name as HrdcColumnId]);

		const upload: UploadInProgress = {
			messages: [`${lines.length} lines read`],
			wantedGroups: new Map<string, Set<number>>(),
			toDelete: new Set<EmulatorUser>(),
			nameTaken: (user, displayName) =>
				this.users.some(
					(other) => other !== user && !other.deleted && other.displayName === displayName,
				),
		};
		const { messages, wantedGroups, toDelete } = upload;
		const unmatched = new Set<string>();
		for (const line of lines) {
			const lookupId = line[lookupAt].trim();
			const user = lookupId
				? (this.findUser(lookupId) ??
					(this.createUnmatchedUsers ? this.newUser(lookupId) : undefined))
				: undefined;
			if (!user) {
				if (lookupId) unmatched.add(lookupId);
				continue;
			}
			for (let column = 0; column < header.length; column++)
				applied[column](user, line[column].trim(), upload);
		}
		for (const user of toDelete) {
			user.deleted = true;
			for (const members of wantedGroups.values()) members.delete(user.id);
		}
		// Full snapshot: HRDC groups follow the file exactly; only groups with matched users exist.
		const appGroups = this.groups.filter((g) => g.source === 'app');
		const hrdcGroups: EmulatorGroup[] = [];
		for (const [name, members] of wantedGroups) {
			if (members.size > 0) hrdcGroups.push({ name, source: 'hrdc', members: [...members] });
		}
		for (const group of appGroups) {
			group.members = group.members.filter((id) => !this.users.find((u) => u.id === id)?.deleted);
		}
		this.groups = [...appGroups, ...hrdcGroups];
		if (unmatched.size) messages.push(`${unmatched.size} users not matched`);
		return { ok: true, messages };
	}
}
