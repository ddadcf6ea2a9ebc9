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
	/** Kept across runs of the same workflow, as n8n keeps an active workflow's static data. */
	staticData?: IDataObject;
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
	const staticData = options.staticData ?? {};
	const workflow = new Workflow({
		id: workflowJson.id ?? 'test-workflow',
		name: workflowJson.name,
		nodes: workflowJson.nodes as INode[],
		connections: workflowJson.connections,
		nodeTypes,
		settings: workflowJson.settings,
		active: false,
		staticData,
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, '1', workflowJson);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));
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
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await finished;
	const error = run.data.resultData.error as RunResult['error'];
	return {
		run,
		error,
		staticData: workflow.staticData as IDataObject,
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
				typeVersion: 1,
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
