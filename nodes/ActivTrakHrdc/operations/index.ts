/**
 * The node's operations, as one table, and the one place that picks among them. Which shared
 * parameters show with which operation follows from each operation's traits (types.ts).
 *
 * To add an operation: write `operations/<name>.ts` exporting `operation` (its entry in the
 * Operation list), `traits`, `description` (its own parameters) and `execute` (usually the
 * pipeline's three calls: pipeline/read.ts, then pipeline/compare.ts, and pipeline/output.ts for
 * its item), then list it in OPERATIONS below.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ON_LIMIT_HOLD, approvalProperties } from '../approval/description';
import { baselineCollection, baselineProperties } from '../ledger/description';
import { safetyLimitsNotice, safetyLimitsProperty } from '../limits/description';
import { pendingRecordOf } from '../ledger';
import { asNodeError } from '../pipeline/errors';
import { inputProperties } from '../pipeline/input.description';
import { optionsCollection } from '../pipeline/options';
export { NODE_HINTS } from './hints';
import * as preview from './preview';
import * as setBaseline from './setBaseline';
import type { OperationModule, OperationTraits } from './types';
import * as upload from './upload';
import * as uploadApproved from './uploadApproved';
import * as verifyUpload from './verifyUpload';
import { refusedBecause } from '../messages';

/** In the order the Operation list shows them; the first is the default. */
export const OPERATIONS: readonly OperationModule[] = [
	upload,
	preview,
	uploadApproved,
	verifyUpload,
	setBaseline,
];

/** The values of the operations with that trait: what a parameter's show rule lists. */
const operationsThat = (trait: keyof OperationTraits): string[] =>
	OPERATIONS.filter((module) => module.traits[trait]).map((module) => module.operation.value);

const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: OPERATIONS.map(({ operation: { name, value, description, action } }) => ({
		name,
		value,
		description,
		action,
	})),
	// A literal for n8n's lint: the upload, the first operation (test/unit/nodeDescription.test.ts).
	default: 'upload',
	description:
		'Upload the snapshot to ActivTrak, preview what it would change, upload one a person approved, check that ActivTrak shows the last upload, or record the baseline',
};

const snapshotNotice: INodeProperties = {
	displayName:
		"Every upload is a full snapshot: an HRDC group missing from it is deleted in ActivTrak, and delete_user = y permanently deletes a user's data. Send every user of every HRDC group on every run; use Preview Snapshot first.",
	name: 'snapshotNotice',
	type: 'notice',
	default: '',
};

/** The node's parameters: the operation, the input, each operation's own, the safety limits. */
export const nodeProperties: INodeProperties[] = [
	operationProperty,
	snapshotNotice,
	...inputProperties(operationsThat('readsInput')),
	...baselineProperties,
	...OPERATIONS.flatMap((module) => module.description),
	optionsCollection({
		withOptions: OPERATIONS.filter(({ traits }) => traits.readsInput || traits.callsActivTrak).map(
			({ operation }) => operation.value,
		),
		readingInput: operationsThat('readsInput'),
	}),
	baselineCollection,
	...approvalProperties(operationsThat('canHold')),
	safetyLimitsNotice(operationsThat('heldToLimits')),
	safetyLimitsProperty(operationsThat('heldToLimits')),
];

/** The node's subtitle: the chosen operation's name. */
export const nodeSubtitle = `={{ ${JSON.stringify(
	Object.fromEntries(OPERATIONS.map(({ operation }) => [operation.value, operation.name])),
)}[$parameter["operation"]] ?? $parameter["operation"] }}`;

/** The value n8n gives the 'Custom API Call' entry it adds to the Operation list. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** The most hints the editor shows above the output; the rest are in `warnings`. */
const MAX_HINTS = 5;
/** Characters of a warning in a hint: the editor shows hints as a line or two. */
const HINT_CHARS = 300;

/**
 * The run's warnings also as n8n's execution hints, where the editor shows them above the
 * output, since a warning only in the JSON is one few people read.
 */
function addWarningHints(ctx: IExecuteFunctions, warnings: unknown): void {
	if (!Array.isArray(warnings) || warnings.length === 0) return;
	const shown = warnings.slice(0, MAX_HINTS).map((warning) => {
		const text = String(warning);
		return text.length > HINT_CHARS ? `${text.slice(0, HINT_CHARS - 3)}...` : text;
	});
	if (warnings.length > MAX_HINTS)
		shown.push(`...and ${warnings.length - MAX_HINTS} more warnings in the output's 'warnings'.`);
	ctx.addExecutionHints(
		...shown.map((message) => ({
			message,
			type: 'warning' as const,
			location: 'outputPane' as const,
		})),
	);
}

/**
 * Runs the chosen operation over all input items at once (one snapshot) and returns its one
 * output item, paired with every input item. With 'On Error' set to continue, a failure is that
 * item instead: on the main output ('Continue (regular output)') or on the error output n8n adds
 * ('Continue (using error output)').
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const pairedWithAll: IPairedItemData[] = items.map((_, item) => ({ item }));
	// With 'Hold for Approval' the node has a second output (see nodeOutputs).
	const outputs: INodeExecutionData[][] =
		this.getNodeParameter('onSafetyLimit', 0, '') === ON_LIMIT_HOLD ? [[], []] : [[]];
	try {
		const chosen = this.getNodeParameter('operation', 0) as string;
		const module = OPERATIONS.find(({ operation }) => operation.value === chosen);
		if (chosen === CUSTOM_API_CALL)
			throw new NodeOperationError(
				this.getNode(),
				refusedBecause("'Custom API Call' is made with n8n's HTTP Request node, not with this one"),
				{
					description:
						"n8n lists it for every node whose credential can sign other nodes' requests. Add an HTTP Request node, set Authentication to Predefined Credential Type > ActivTrak HRDC API, and pick this credential: the key goes only to the credential's own base URL. Here, pick one of this node's operations.",
				},
			);
		if (!module)
			throw new NodeOperationError(
				this.getNode(),
				`The operation ${JSON.stringify(chosen).slice(0, 60)} is not known`,
			);
		const { item, held } = await module.execute.call(this, items, pairedWithAll);
		outputs[held ? 1 : 0].push(item);
		addWarningHints(this, item.json.warnings);
		return outputs;
	} catch (error) {
		if (this.continueOnFail()) {
			// Only `error`, `message` and `details`: with 'Continue (using error output)', n8n sends
			// an item down the error output only when its JSON has no other key (and it replaces the
			// JSON of an item that carries `error` beside it).
			const failure = error as Error & { description?: string | null };
			const description = failure.description ?? '';
			// An upload in doubt with Workflow Data: the ledger that knows it, for the workflow to
			// keep as it keeps newBaseline (the templates' error branch reads details.newBaseline).
			const pending = pendingRecordOf(error);
			const details: IDataObject | string = pending
				? { description, newBaseline: pending.record, baselineInDoubt: pending.inDoubt }
				: description;
			// On the regular output the item may say more: its status first, as every item's does.
			const json: IDataObject =
				this.getNode().onError === 'continueRegularOutput'
					? { status: 'refused', error: failure.message, details }
					: { error: failure.message, details };
			outputs[0].push({ json, pairedItem: pairedWithAll });
			return outputs;
		}
		throw asNodeError(this, error);
	}
}
