/** Where the node's HTTP calls go, and the shape of an answer as n8n hands it over. */

export const CREDENTIAL_TYPE = 'activTrakHrdcApi';
export const HRDC_BULK_PATH = '/hrdc/v2/bulk';

/**
 * Inferred, not in ActivTrak's public reference: an admin API definition lists it as "Test end
 * point up status" answering 401 to a bad key. Used only by the credential test, which does not
 * call a key bad when this route is missing.
 */
export const HRDC_PING_PATH = '/hrdc/ping';

export interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, string | string[] | undefined>;
}
