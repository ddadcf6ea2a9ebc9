/**
 * Runs workflow JSON through n8n-core's real WorkflowExecute with the BUILT node and
 * credential from dist/ (what n8n loads), as n8n's own node test harness does: our small
 * version of it, since n8n publishes the engine but not the harness.
 */
import {
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeType,
	type INodeTypes,
	type INodeProperties,
	type IRun,
	type IRunExecutionData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import path from 'node:path';

import {
	HrItemsSource,
	MAPPING_PROBE_NODE_TYPE,
	MappingProbe,
	TEST_AGENT_NODE_TYPE,
	TEST_ITEMS_NODE_TYPE,
	TestAgent,
	asToolVariant,
} from './testNodes';

const DIST = path.resolve(__dirname, '../../dist');
/** Where the node keeps a workflow's salt in its static data (ledger/salt.ts). */
const SALT_KEY = 'activTrakHrdcSalt';
export const NODE_TYPE = 'n8n-nodes-activtrak-hrdc.activTrakHrdc';
/** The node's tool variant, as an AI agent uses it. */
export const TOOL_NODE_TYPE = `${NODE_TYPE}Tool`;
export const CREDENTIAL_TYPE = 'activTrakHrdcApi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ActivTrakHrdc } = require(path.join(DIST, 'nodes/ActivTrakHrdc/ActivTrakHrdc.node.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ActivTrakHrdcApi } = require(
	path.join(DIST, 'credentials/ActivTrakHrdcApi.credentials.js'),
);

export const builtNode = (): INodeType => new ActivTrakHrdc() as INodeType;
export const builtCredential = (): ICredentialType => new ActivTrakHrdcApi() as ICredentialType;

class NodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[NODE_TYPE]: builtNode(),
		[TEST_ITEMS_NODE_TYPE]: new HrItemsSource(),
		[MAPPING_PROBE_NODE_TYPE]: new MappingProbe(builtNode().description.properties),
		[TOOL_NODE_TYPE]: asToolVariant(builtNode()),
		[TEST_AGENT_NODE_TYPE]: new TestAgent(),
	};

	getByName(nodeType: string): INodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** Credentials the way n8n's CredentialsHelper treats a credential with an authenticate function. */
class CredentialsHelper extends ICredentialsHelper {
	/** How often n8n decrypted a credential in this run (each is a database read in n8n). */
	decryptions = 0;

	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (typeName !== CREDENTIAL_TYPE) throw new Error(`unknown credential type ${typeName}`);
		const type = builtCredential();
		if (typeof type.authenticate !== 'function')
			throw new Error('expected an authenticate function');
		return await type.authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new Error(`no test credentials of type ${type}`);
		this.decryptions++;
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return [];
	}
}

export interface RunOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	mode?: WorkflowExecuteMode;
	/**
	 * The workflow's static data as n8n's database keeps it, shared by the runs of one workflow.
	 * As n8n 2.41.1 does, each run gets a copy of its own, loaded when the run starts, and a run
	 * that is not manual writes its whole copy back when it ends if it changed anything, with no
	 * lock and no merge (workflow-runner.js, execution-lifecycle-hooks.js). Without it, the run is
	 * a new workflow's first upload: the store one earlier kept run left (keptStore()), and each
	 * ActivTrak HRDC node has 'First Upload' on unless its parameters set it.
	 */
	staticData?: IDataObject;
	/** The write back fails (n8n logs the error and the execution ends as it would). */
	staticDataSaveFails?: boolean;
	/** Runs before the engine starts, e.g. to hold an answer until another run has begun. */
	beforeStart?: () => Promise<void>;
}

/**
 * Each store of static data is one workflow (with its own id) in one n8n process: what the node
 * keeps per process (its ledger registry) is keyed by the workflow id, so tests that share no
 * store share nothing, as two workflows would not.
 */
const workflowNumbers = new WeakMap<IDataObject, number>();
let lastWorkflowNumber = 0;
function workflowIdFor(base: string, store: IDataObject): string {
	let number = workflowNumbers.get(store);
	if (number === undefined) {
		number = ++lastWorkflowNumber;
		workflowNumbers.set(store, number);
	}
	return `${base}-${number}`;
}

/**
 * The workflow with 'First Upload' on in each ActivTrak HRDC node that does not set it, where
 * the node's version keeps it: at the top level in version 1, in 'Baseline (Advanced)' after.
 */
export function firstUploadOn(workflowJson: IWorkflowBase): IWorkflowBase {
	const nodes = workflowJson.nodes.map((node) => {
		if (!node.type.startsWith(NODE_TYPE)) return node;
		if (node.typeVersion < 2) {
			return 'firstUpload' in node.parameters
				? node
				: { ...node, parameters: { ...node.parameters, firstUpload: true } };
		}
		const baseline = (node.parameters.baseline ?? {}) as IDataObject;
		return 'firstUpload' in baseline
			? node
			: {
					...node,
					parameters: { ...node.parameters, baseline: { ...baseline, firstUpload: true } },
				};
	});
	return { ...workflowJson, nodes };
}

/** A copy as n8n loads static data from its database: JSON, not the live object. */
const loaded = (store: IDataObject): IDataObject =>
	JSON.parse(JSON.stringify(store)) as IDataObject;

/** Writes a run's copy back over the store, whole, as n8n's saveStaticDataById() does. */
function saveBack(store: IDataObject, copy: IDataObject): void {
	for (const key of Object.keys(store)) delete store[key];
	Object.assign(store, loaded(copy));
}

export interface RunResult {
	run: IRun;
	/** Output items of the node with that name (first run; the main output unless `index`). */
	output(nodeName: string, index?: number): INodeExecutionData[];
	/** How many outputs the node's first run gave (2 with 'Continue (using error output)'). */
	outputCount(nodeName: string): number;
	/** The error the workflow stopped with, if any. */
	error?: { message: string; description?: string | null; name?: string };
	staticData: IDataObject;
	/** How often n8n was asked to decrypt a credential during the run. */
	credentialDecryptions: number;
}

export async function runWorkflow(
	workflowJson: IWorkflowBase,
	options: RunOptions = {},
): Promise<RunResult> {
	const nodeTypes = new NodeTypes();
	const store = options.staticData ?? (await keptStore());
	if (options.staticData === undefined) workflowJson = firstUploadOn(workflowJson);
	const staticData = loaded(store);
	const workflow = new Workflow({
		id: workflowIdFor(workflowJson.id ?? 'test-workflow', store),
		name: workflowJson.name,
		nodes: workflowJson.nodes as INode[],
		connections: workflowJson.connections,
		nodeTypes,
		settings: workflowJson.settings,
		active: false,
		staticData,
	});
	// A production run unless a test says manual: n8n keeps static data only for those.
	const mode = options.mode ?? 'trigger';
	const hooks = new ExecutionLifecycleHooks(mode, '1', workflowJson);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData, newStaticData) => {
		// n8n passes the static data only when the run changed it, and saves none of a manual run.
		if (newStaticData && mode !== 'manual' && !options.staticDataSaveFails) {
			saveBack(store, newStaticData as IDataObject);
		}
		resolveFinished(fullRunData);
	});
	const credentialsHelper = new CredentialsHelper(options.credentials ?? {});
	const additionalData = {
		credentialsHelper,
		hooks,
		executionId: '1',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		variables: {},
		async executeWorkflow() {
			throw new Error('sub-workflows are not used by these tests');
		},
		async getRunExecutionData() {
			return undefined;
		},
		async getRuntimeCredential() {
			return undefined;
		},
		logAiEvent() {},
	} as unknown as IWorkflowExecuteAdditionalData;

	// The first node no connection leads into: where the engine starts.
	const targets = new Set(
		Object.values(workflowJson.connections).flatMap((outputs) =>
			Object.values(outputs).flatMap((lists) => lists.flat().map((connection) => connection?.node)),
		),
	);
	const first = workflowJson.nodes.find((node) => !targets.has(node.name));
	const startNode = first ? workflow.getNode(first.name) : null;
	if (!startNode) throw new Error('workflow has no start node');
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	} as unknown as IRunExecutionData;
	await options.beforeStart?.();
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await finished;
	const error = run.data.resultData.error as RunResult['error'];
	return {
		run,
		error,
		staticData: store,
		credentialDecryptions: credentialsHelper.decryptions,
		output(nodeName, index = 0) {
			const task = run.data.resultData.runData[nodeName]?.[0];
			if (!task)
				throw new Error(`node ${nodeName} did not run${error ? `: ${error.message}` : ''}`);
			return (task.data?.main?.[index] ?? []) as INodeExecutionData[];
		},
		outputCount(nodeName) {
			return run.data.resultData.runData[nodeName]?.[0]?.data?.main?.length ?? 0;
		},
	};
}

/** A workflow: HR Items (test source) -> ActivTrak HRDC with the given parameters. */
export function hrdcWorkflow(
	items: unknown[],
	parameters: IDataObject = {},
	extra: {
		continueOnFail?: boolean;
		onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
		files?: Buffer[];
		/** The ActivTrak node's version: 1 unless a test says (2 keeps 'Baseline (Advanced)'). */
		typeVersion?: number;
	} = {},
): IWorkflowBase {
	const onError = extra.onError ?? (extra.continueOnFail ? 'continueRegularOutput' : undefined);
	return {
		id: 'wf-hrdc',
		name: 'HR to ActivTrak',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [
			{
				id: 'source',
				name: 'HR Items',
				type: TEST_ITEMS_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					items: JSON.stringify(items),
					files: JSON.stringify((extra.files ?? []).map((file) => file.toString('base64'))),
				},
			},
			{
				id: 'hrdc',
				name: 'ActivTrak HRDC',
				type: NODE_TYPE,
				typeVersion: extra.typeVersion ?? 1,
				position: [300, 0],
				parameters,
				credentials: { activTrakHrdcApi: { id: '1', name: 'ActivTrak' } },
				...(onError ? { onError } : {}),
			},
		],
		connections: {
			'HR Items': { main: [[{ node: 'ActivTrak HRDC', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as unknown as IWorkflowBase;
}

/**
 * The static data a workflow has after one production run of the node that sent nothing (here a
 * preview): what n8n kept of it. First Upload with Static Data needs such a run first (the node
 * marks it), so a test of a first upload starts from a copy of this real, node-written state.
 */
let keptOnce: Promise<IDataObject> | null = null;
export async function keptStore(): Promise<IDataObject> {
	keptOnce ??= (async () => {
		const store: IDataObject = {};
		const result = await runWorkflow(
			hrdcWorkflow([{ user_lookup_id: 'someone@example.com' }], { operation: 'preview' }),
			{
				mode: 'trigger',
				staticData: store,
				credentials: {
					activTrakHrdcApi: { region: 'custom', baseUrl: 'http://127.0.0.1:9', apiKey: 'k' },
				},
			},
		);
		if (result.error) throw new Error(`the priming preview failed: ${result.error.message}`);
		return store;
	})();
	// Each workflow has a salt of its own (ledger/salt.ts): a copy leaves the primed one out, and
	// its next run makes its own, as a workflow's first run would.
	const copy = loaded(await keptOnce);
	delete (copy.global as IDataObject | undefined)?.[SALT_KEY];
	return copy;
}
