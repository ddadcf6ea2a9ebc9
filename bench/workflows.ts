/**
 * The workflows bench/n8n.ts (one `n8n execute` per run) and bench/n8nServer.ts (a running n8n,
 * runs by webhook) time: generated users read from a file, then this node or n8n's generic
 * nodes, all uploading to a loopback server that answers like HRDC.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback server that takes any upload and answers like HRDC. */
export async function startSink(): Promise<{
	url: string;
	server: Server;
	received: Array<{ bytes: number; at: number }>;
}> {
	const received: Array<{ bytes: number; at: number }> = [];
	const server = createServer((req, res) => {
		let bytes = 0;
		req.on('data', (chunk: Buffer) => (bytes += chunk.length));
		req.on('end', () => {
			received.push({ bytes, at: Date.now() });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ success: true, messages: [`${bytes} bytes read`] }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, received };
}

export type Shape = 'hrdc' | 'hr' | 'entra';

/**
 * Users as an HR export gives them ('hr'), already named like the HRDC columns ('hrdc'), or as
 * n8n's Microsoft Entra ID node gives them with Output: Raw ('entra'; everyone enabled, so the
 * Entra preset makes the very CSV auto-map makes of 'hrdc').
 */
export function writeUsers(file: string, count: number, groupsPerUser: number, shape: Shape) {
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		const groups = Array.from({ length: groupsPerUser }, (_, g) => `Group ${(i + g * 7) % 500}`);
		const group = groupsPerUser === 1 ? groups[0] : groups;
		out.push(
			JSON.stringify(
				shape === 'hrdc'
					? {
							user_lookup_id: `user${i}@example.com`,
							employee_id: `E${100000 + i}`,
							email_address: `user${i}@example.com`,
							display_name: `User ${i}, Dept ${i % 50}`,
							group,
						}
					: shape === 'entra'
						? {
								id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
								accountEnabled: true,
								companyName: null,
								department: group,
								displayName: `User ${i}, Dept ${i % 50}`,
								employeeId: `E${100000 + i}`,
								jobTitle: 'Engineer',
								mail: `user${i}@example.com`,
								userPrincipalName: `user${i}@example.com`,
								userType: 'Member',
							}
						: {
								workEmail: `user${i}@example.com`,
								employeeNumber: `E${100000 + i}`,
								preferredName: `User ${i}, Dept ${i % 50}`,
								team: group,
								location: 'Remote',
							},
			),
		);
	}
	writeFileSync(file, `[${out.join(',\n')}]`);
}

export const node = (
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) => ({
	id: `${name.replace(/\W/g, '')}-${x}`,
	name,
	type,
	typeVersion,
	position: [x, 0],
	parameters,
	...extra,
});

export const MAPPING = {
	user_lookup_id: '={{ $json.workEmail }}',
	employee_id: '={{ $json.employeeNumber }}',
	email_address: '={{ $json.workEmail }}',
	display_name: '={{ $json.preferredName }}',
	group: '={{ $json.team }}',
};

/**
 * Users file -> JSON -> one item per user -> `targets`, started by hand (`n8n execute`) or by a
 * webhook that answers when the last node is done (a running n8n).
 */
export function workflow(
	id: string,
	usersFile: string,
	targets: Array<ReturnType<typeof node>>,
	webhookPath?: string,
) {
	const trigger = webhookPath
		? node(
				'Start',
				'n8n-nodes-base.webhook',
				2,
				0,
				{ httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
				{ webhookId: webhookPath },
			)
		: node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {});
	const source = [
		trigger,
		node('Read users', 'n8n-nodes-base.readWriteFile', 1, 200, {
			operation: 'read',
			fileSelector: usersFile,
			options: {},
		}),
		node('Parse JSON', 'n8n-nodes-base.extractFromFile', 1, 400, {
			operation: 'fromJson',
			binaryPropertyName: 'data',
			options: {},
		}),
		node('One item per user', 'n8n-nodes-base.splitOut', 1, 600, {
			fieldToSplitOut: 'data',
			options: {},
		}),
	];
	const nodes = [...source, ...targets];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id,
		name: id,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/** This node's credential for the sink, and a Header Auth one for the HTTP Request node. */
export const BENCH_CREDENTIALS = (sinkUrl: string) => [
	{
		id: 'benchSink',
		name: 'bench sink',
		type: 'activTrakHrdcApi',
		data: { region: 'custom', baseUrl: sinkUrl, apiKey: 'bench' },
	},
	{
		id: 'benchHeader',
		name: 'bench header',
		type: 'httpHeaderAuth',
		data: { name: 'x-api-key', value: 'bench' },
	},
];

/** The generic chains time Convert to File + HTTP Request. */
export const CONVERT_HTTP = ['Convert to File', 'HTTP Request'];

/**
 * Every bench run is a workflow's first upload: its ledger is handed out (Workflow Data) with
 * First Upload on, which 0.2 reads the same way, so builds before and after the ledger compare.
 */
export const hrdcNode = (parameters: Record<string, unknown>) =>
	node(
		'ActivTrak HRDC',
		'n8n-nodes-activtrak-hrdc.activTrakHrdc',
		1,
		800,
		{
			baselineStore: 'workflowData',
			firstUpload: true,
			...parameters,
		},
		{
			credentials: { activTrakHrdcApi: { id: 'benchSink', name: 'bench sink' } },
		},
	);
export const setNode = () =>
	node('Set fields', 'n8n-nodes-base.set', 3.4, 800, {
		mode: 'manual',
		assignments: {
			assignments: Object.entries(MAPPING).map(([name, value], i) => ({
				id: `a${i}`,
				name,
				value,
				type: 'string',
			})),
		},
		options: {},
	});
export const convertNode = (x: number) =>
	node('Convert to File', 'n8n-nodes-base.convertToFile', 1.1, x, {
		operation: 'csv',
		binaryPropertyName: 'data',
		options: { fileName: 'hrdc.csv' },
	});
/**
 * The key as a header parameter (the chain), or in a Header Auth credential, as n8n's
 * docs advise for a key: then the HTTP Request node reads a credential too, as this node must.
 */
export const httpNode = (
	x: number,
	sinkUrl: string,
	keyIn: 'parameter' | 'credential' = 'parameter',
) =>
	node(
		'HTTP Request',
		'n8n-nodes-base.httpRequest',
		4.2,
		x,
		{
			method: 'POST',
			url: `${sinkUrl}/hrdc/v2/bulk`,
			...(keyIn === 'parameter'
				? {
						sendHeaders: true,
						headerParameters: { parameters: [{ name: 'x-api-key', value: 'bench' }] },
					}
				: { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' }),
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [{ parameterType: 'formBinaryData', name: 'File', inputDataFieldName: 'data' }],
			},
			options: {},
		},
		keyIn === 'credential'
			? { credentials: { httpHeaderAuth: { id: 'benchHeader', name: 'bench header' } } }
			: {},
	);
