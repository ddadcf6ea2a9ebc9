/** The ledger as a run holds it (see index.ts). */
import type { LedgerEntry } from './entry';

export type StoreName = 'n8n static data' | 'workflow data';

export interface Ledger {
	/** The storable names of the account (base URL and key) and of its base URL. */
	account: string;
	endpoint: string;
	workflowId: string;
	store: StoreName;
	entry: LedgerEntry;
	/** Where the entry came from: the store, an earlier version's, a rotated key's, or nowhere. */
	foundIn: 'ledger' | 'earlier version' | 'previous key' | 'this n8n process' | 'none';
	/** The account whose entry this one takes over: its record goes with the next change. */
	replaces?: string;
	/** What the output must say about how the ledger was read. */
	notes: string[];
}
