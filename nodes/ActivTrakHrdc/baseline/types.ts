/** The baseline as a run reads it, whichever store keeps it (see store.ts). */
import type { SnapshotFingerprint } from '../snapshot';

export interface Baseline {
	account: string;
	fingerprint: SnapshotFingerprint | null;
	/** Where it was found: the account's entry, the node's (0.1.0), a rotated key's, the workflow's, or nowhere. */
	foundIn: 'account' | 'node (0.1.0)' | 'previous key' | 'workflow data' | 'none';
	/** Kept by n8n (static data) or handed to and from the workflow. */
	store: 'n8n static data' | 'workflow data';
	/** A rotated key's entry this account takes over: removed when the next upload is saved. */
	replaces?: string;
}
