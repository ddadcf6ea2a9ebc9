/**
 * Local stand-ins of the five HR APIs n8n has no node for, answering in each vendor's documented
 * shape (the presets' files cite the references) and paging as each vendor does: Workday's RaaS
 * report and HiBob's people search in one answer, Rippling and Personio by `offset`, ADP by
 * `$skip`, over mutual TLS (a client certificate signed by a test CA, or no answer). Each checks
 * the credential the template sends. Every person is one of PEOPLE; expectedCsv() is what the
 * preset must send of them: leavers left out, hires who have not started left out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { hrdcCsv } from '../support/snapshots';
import { loopbackServer } from './loopback';

export const HR_API_SECRETS = {
	basic: { user: 'svc-e2e', password: 'basic-e2e-3f1' },
	bearer: 'rippling-e2e-token-77',
	personio: { client_id: 'personio-e2e-id', client_secret: 'personio-e2e-secret' },
	personioToken: 'personio-e2e-bearer',
	adpToken: 'adp-e2e-bearer',
};

const GROUPS = ['Sales', 'Engineering', 'Support'];
/** Person `i` of a made-up company: every 10th has left, every 25th starts next year. */
export const personNumber = (i: number) => ({
	i,
	email: `w${i}@example.com`,
	id: String(5000 + i),
	first: `First${i}`,
	last: `Last${i}`,
	group: GROUPS[i % 3],
	leaver: i % 10 === 3,
	// Starts next year: not hired yet as ActivTrak sees it.
	futureHire: i % 25 === 7,
});
/** 230 people: more than two pages of 100 where the vendor pages. */
export const PEOPLE = Array.from({ length: 230 }, (_, i) => personNumber(i));
const startOf = (p: (typeof PEOPLE)[number]) => (p.futureHire ? '2099-03-01' : '2020-03-01');

/** The people a preset keeps (Leavers: Leave Out; Leave Out Future Hires: on), as HRDC rows. */
export const keptRows = (people: ReadonlyArray<ReturnType<typeof personNumber>>) =>
	people
		.filter((p) => !p.leaver && !p.futureHire)
		.map((p) => ({
			user_lookup_id: p.email,
			employee_id: p.id,
			email_address: p.email,
			display_name: `${p.first} ${p.last}`,
			group: p.group,
		}));

/** The CSV the preset sends of PEOPLE. */
export const expectedCsv = (): string => hrdcCsv(...keptRows(PEOPLE));
export const LEAVERS = PEOPLE.filter((p) => p.leaver).map((p) => p.email);
export const FUTURE_HIRES = PEOPLE.filter((p) => p.futureHire && !p.leaver).map((p) => p.email);

const json = (res: ServerResponse, status: number, body: unknown) => {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
};
const basicOf = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const BASIC = basicOf(HR_API_SECRETS.basic.user, HR_API_SECRETS.basic.password);

function page(url: URL, skipName: string, topName: string, people = PEOPLE) {
	const skip = Number(url.searchParams.get(skipName) ?? 0);
	const top = Math.min(100, Number(url.searchParams.get(topName) ?? 100));
	return people.slice(skip, skip + top);
}

const workday = (p: (typeof PEOPLE)[number]) => ({
	Employee_ID: p.id,
	Email: p.email,
	Full_Name: `${p.first} ${p.last}`,
	Department: p.group,
	Active_Status: p.leaver ? '0' : '1',
	Hire_Date: `${startOf(p)}-08:00`,
});
const hibob = (p: (typeof PEOPLE)[number]) => ({
	id: `33${p.id}`,
	email: p.email,
	displayName: `${p.first} ${p.last}`,
	work: { employeeIdInCompany: Number(p.id), department: `dep-${p.i % 3}`, startDate: startOf(p) },
	internal: { status: p.leaver ? 'Inactive' : 'Active' },
	humanReadable: { work: { department: p.group } },
});
const rippling = (p: (typeof PEOPLE)[number]) => ({
	id: `r${p.id}`,
	name: `${p.first} ${p.last}`,
	workEmail: p.email,
	employeeNumber: p.id,
	department: `d${p.i % 3}`,
	roleState: p.leaver ? 'TERMINATED' : p.futureHire ? 'ACCEPTED' : 'ACTIVE',
	startDate: startOf(p),
});
const personio = (p: (typeof PEOPLE)[number]) => ({
	type: 'Employee',
	attributes: {
		id: { label: 'ID', value: Number(p.id), type: 'integer' },
		email: { label: 'Email', value: p.email, type: 'standard' },
		first_name: { label: 'First name', value: p.first, type: 'standard' },
		last_name: { label: 'Last name', value: p.last, type: 'standard' },
		status: { label: 'Status', value: p.leaver ? 'inactive' : 'active', type: 'standard' },
		department: {
			label: 'Department',
			value: { type: 'Department', attributes: { id: p.i % 3, name: p.group } },
			type: 'standard',
		},
		hire_date: { label: 'Hire date', value: `${startOf(p)}T00:00:00+01:00`, type: 'date' },
	},
});
const adp = (p: (typeof PEOPLE)[number]) => ({
	associateOID: `G3${p.id}`,
	workerID: { idValue: p.id },
	person: {
		legalName: { givenName: p.first, familyName1: p.last, formattedName: `${p.first} ${p.last}` },
	},
	businessCommunication: { emails: [{ emailUri: p.email }] },
	workerStatus: { statusCode: { codeValue: p.leaver ? 'Terminated' : 'Active' } },
	workAssignments: [
		{
			primaryIndicator: true,
			hireDate: startOf(p),
			homeOrganizationalUnits: [
				{
					typeCode: { codeValue: 'Department' },
					nameCode: { codeValue: p.group.toUpperCase(), shortName: p.group },
				},
			],
		},
	],
});

/** Each preset's vendor record of a person, and how its answer wraps a list of them. */
export const VENDOR_RECORDS = {
	workdayRaas: { record: workday, answer: (list: unknown[]) => [{ Report_Entry: list }] },
	hibob: { record: hibob, answer: (list: unknown[]) => [{ employees: list }] },
	// A bare array: HTTP Request gives one item per employee.
	rippling: { record: rippling, answer: (list: unknown[]) => list },
	personio: { record: personio, answer: (list: unknown[]) => [{ success: true, data: list }] },
	adp: { record: adp, answer: (list: unknown[]) => [{ workers: list }] },
} as const;

export interface StandInRequest {
	method: string;
	path: string;
	query: string;
	authorization?: string;
	body: string;
}

/** The request's body read whole, then `then` with its URL and what the log keeps of it. */
function withRequest(
	req: IncomingMessage,
	base: string,
	then: (url: URL, logged: StandInRequest) => void,
): void {
	let body = '';
	req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
	req.on('end', () => {
		const url = new URL(req.url ?? '/', base);
		then(url, {
			method: req.method ?? '',
			path: url.pathname,
			query: url.search,
			authorization: req.headers.authorization,
			body,
		});
	});
}

/** Workday, HiBob, Rippling and Personio over http on loopback. */
export function hrApiStandIn() {
	const requests: StandInRequest[] = [];
	const server = loopbackServer((req, res, base) => {
		withRequest(req, base, (url, logged) => {
			requests.push(logged);
			answer(req, res, url, logged.body);
		});
	});
	function answer(req: IncomingMessage, res: ServerResponse, url: URL, body: string) {
		const auth = req.headers.authorization;
		const route = `${req.method} ${url.pathname}`;
		if (route === 'GET /ccx/service/customreport2/TENANT/OWNER/REPORT') {
			if (auth !== BASIC) return json(res, 401, { error: 'invalid user' });
			if (url.searchParams.get('format') !== 'json') return json(res, 400, { error: 'format' });
			return json(res, 200, { Report_Entry: PEOPLE.map(workday) });
		}
		if (route === 'POST /v1/people/search') {
			if (auth !== BASIC) return json(res, 401, { error: 'Unauthorized' });
			// Without showInactive HiBob leaves the leavers out: so does the stand-in.
			const asked = JSON.parse(body || '{}') as { showInactive?: boolean };
			const people = asked.showInactive ? PEOPLE : PEOPLE.filter((p) => !p.leaver);
			return json(res, 200, { employees: people.map(hibob) });
		}
		if (url.pathname.startsWith('/platform/api/')) {
			if (auth !== `Bearer ${HR_API_SECRETS.bearer}`) return json(res, 401, { detail: 'token' });
			if (route === 'GET /platform/api/departments')
				return json(
					res,
					200,
					GROUPS.map((name, i) => ({ id: `d${i}`, name })),
				);
			if (route === 'GET /platform/api/employees/include_terminated')
				return json(res, 200, page(url, 'offset', 'limit').map(rippling));
		}
		if (route === 'POST /v1/auth') {
			const { client_id, client_secret } = HR_API_SECRETS.personio;
			if (
				url.searchParams.get('client_id') !== client_id ||
				url.searchParams.get('client_secret') !== client_secret
			)
				return json(res, 401, { success: false });
			return json(res, 200, { success: true, data: { token: HR_API_SECRETS.personioToken } });
		}
		if (route === 'GET /v1/company/employees') {
			if (auth !== `Bearer ${HR_API_SECRETS.personioToken}`)
				return json(res, 401, { success: false });
			const data = page(url, 'offset', 'limit').map(personio);
			return json(res, 200, {
				success: true,
				metadata: { total_elements: PEOPLE.length, current_page: 0, total_pages: 3 },
				offset: Number(url.searchParams.get('offset') ?? 0),
				limit: 100,
				data,
			});
		}
		json(res, 404, { error: `no ${route}` });
	}
	return { requests, ...server };
}

/**
 * ADP over https that answers only a client presenting a certificate signed by the test CA
 * (mutual TLS, as ADP requires on every call). Its certificates, made with openssl, are in
 * `certificates` for the SSL Certificates credential.
 */
export function adpStandIn() {
	const dir = mkdtempSync(path.join(tmpdir(), 'adp-tls-'));
	const file = (name: string) => path.join(dir, name);
	const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
	openssl([
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-days',
		'2',
		'-subj',
		'/CN=e2e ADP CA',
		'-keyout',
		file('ca.key'),
		'-out',
		file('ca.crt'),
	]);
	for (const [name, extra] of [
		['server', 'subjectAltName=IP:127.0.0.1'],
		['client', 'extendedKeyUsage=clientAuth'],
	]) {
		openssl([
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-subj',
			`/CN=e2e ${name}`,
			'-keyout',
			file(`${name}.key`),
			'-out',
			file(`${name}.csr`),
		]);
		writeFileSync(file(`${name}.ext`), `${extra}\n`);
		openssl([
			'x509',
			'-req',
			'-in',
			file(`${name}.csr`),
			'-CA',
			file('ca.crt'),
			'-CAkey',
			file('ca.key'),
			'-CAcreateserial',
			'-days',
			'2',
			'-extfile',
			file(`${name}.ext`),
			'-out',
			file(`${name}.crt`),
		]);
	}
	const read = (name: string) => readFileSync(file(name), 'utf8');
	const certificates = { ca: read('ca.crt'), cert: read('client.crt'), key: read('client.key') };
	const requests: Array<StandInRequest & { clientCertificate: boolean }> = [];
	// The workers it holds: PEOPLE, or their first 200 to meet the 204 past a full last page.
	let workers = PEOPLE;
	const server = createHttpsServer(
		{
			key: read('server.key'),
			cert: read('server.crt'),
			ca: read('ca.crt'),
			requestCert: true,
			rejectUnauthorized: true,
		},
		(req, res) => {
			withRequest(req, 'https://127.0.0.1', (url, logged) => {
				const body = logged.body;
				const socket = req.socket as import('node:tls').TLSSocket;
				requests.push({ ...logged, clientCertificate: socket.authorized === true });
				const route = `${req.method} ${url.pathname}`;
				if (route === 'POST /auth/oauth/v2/token') {
					if (
						req.headers.authorization !== BASIC ||
						!body.includes('grant_type=client_credentials')
					)
						return json(res, 401, { error: 'invalid_client' });
					return json(res, 200, {
						access_token: HR_API_SECRETS.adpToken,
						token_type: 'Bearer',
						expires_in: 3600,
					});
				}
				if (route === 'GET /hr/v2/workers') {
					if (req.headers.authorization !== `Bearer ${HR_API_SECRETS.adpToken}`)
						return json(res, 401, {});
					const onPage = page(url, '$skip', '$top', workers);
					if (onPage.length === 0) {
						res.writeHead(204);
						return res.end();
					}
					return json(res, 200, { workers: onPage.map(adp) });
				}
				json(res, 404, {});
			});
		},
	);
	return {
		requests,
		certificates,
		/** Holds only the first `count` of PEOPLE from now on. */
		holdWorkers: (count: number) => {
			workers = PEOPLE.slice(0, count);
		},
		start: () =>
			new Promise<string>((resolve) =>
				server.listen(0, '127.0.0.1', () =>
					resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`),
				),
			),
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => {
					rmSync(dir, { recursive: true, force: true });
					resolve();
				});
			}),
	};
}
