/** What every operation module is, and gives back: the types the router and operations share. */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

/** An operation's one output item; `held` sends it by 'Held for Approval' instead. */
export interface OperationResult {
	item: INodeExecutionData;
	held?: boolean;
}

/**
 * What an operation does, which decides the parameters shown with it: the input, its mapping and
 * the reading options (readsInput), retries and timeout (callsActivTrak), 'Safety Limits' (heldToLimits),
 * and 'When a Safety Limit Is Hit' (canHold).
 */
export interface OperationTraits {
	/** Builds its snapshot from the input items or files. */
	readsInput: boolean;
	/** Calls ActivTrak (an upload, or a read of its SCIM API): its retries and timeout are in 'Options'. */
	callsActivTrak: boolean;
	/** Stops (or holds) a snapshot that breaks a safety limit. */
	heldToLimits: boolean;
	/**
	 * Shows 'When a Safety Limit Is Hit' (and so the node's second output): Upload holds by it,
	 * and Preview keeps it (and the second output's connection) and says what an upload would do.
	 */
	canHold: boolean;
}

export interface OperationModule {
	/** Its entry in the Operation list. */
	operation: { name: string; value: string; description: string; action: string };
	traits: OperationTraits;
	/** Its own parameters, shown only for it. */
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		pairedItem: IPairedItemData[],
	): Promise<OperationResult>;
}
