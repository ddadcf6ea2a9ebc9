/**
 * ADP Workforce Now: items of n8n's HTTP Request node calling `GET https://api.adp.com/hr/v2/workers`
 * with OData `$top` and `$skip` (ADP's Worker Management API, "hr/v2/workers"; every call with
 * the client certificate ADP issued, mutual TLS). The answer is `{"workers": [...]}`: one item
 * per page (unwrapped here), or one per worker after Split Out. A worker's work e-mail is
 * `businessCommunication.emails[0].emailUri`, the employee id the UI shows `workerID.idValue`
 * (not `associateOID`), and its department the primary work assignment's home organizational
 * unit of type Department.
 */
import { addGroup, fieldsOf, fullName, isWord, dayNumber, text } from './fields';
import type { Preset } from './types';

/** The worker's primary work assignment, else the first (a loop, no function per worker). */
function primaryAssignment(json: Record<string, unknown>): Readonly<Record<string, unknown>> {
	const assignments = json.workAssignments;
	if (!Array.isArray(assignments)) return fieldsOf(undefined);
	for (let a = 0; a < assignments.length; a++) {
		const assignment = fieldsOf(assignments[a]);
		if (assignment.primaryIndicator === true) return assignment;
	}
	return fieldsOf(assignments[0]);
}

/** The assignment's home organizational unit of that type: its short name, else its code. */
function unitOf(assignment: Readonly<Record<string, unknown>>, type: string): string {
	const units = assignment.homeOrganizationalUnits;
	if (!Array.isArray(units)) return '';
	for (let u = 0; u < units.length; u++) {
		const unit = fieldsOf(units[u]);
		if (text(fieldsOf(unit.typeCode).codeValue) !== type) continue;
		const nameCode = fieldsOf(unit.nameCode);
		return text(nameCode.shortName) || text(nameCode.codeValue);
	}
	return '';
}

/**
 * Whether an item is HTTP Request's rendering of an answer with no body: ADP answers 204 No
 * Content for a `$skip` past the last worker, which a company of exactly 100, 200, ... workers
 * always meets, and HTTP Request hands it on as an item with no fields or an empty `data`. Such
 * a page holds no workers; anything else that is not a worker still stops as the wrong shape.
 */
function isNoContent(json: Record<string, unknown>): boolean {
	const keys = Object.keys(json);
	if (keys.length === 0) return true;
	const data = json.data;
	return (
		keys.length === 1 && keys[0] === 'data' && (data === undefined || data === null || data === '')
	);
}

/** The unit type each Group From choice reads. */
const UNIT_TYPES = new Map([
	['department', 'Department'],
	['businessUnit', 'Business Unit'],
]);

export const adp: Preset = {
	value: 'adp',
	name: 'ADP Workforce Now (HTTP Request: Workers)',
	sourceNode: 'HTTP Request',
	system: 'ADP Workforce Now',
	sourceSettings:
		"GET https://api.adp.com/hr/v2/workers, paged by $skip ($top 100), with ADP's client certificate (SSL Certificates credential) on the token request and on this one",
	readme: {
		reads: 'HTTP Request: GET /hr/v2/workers (mutual TLS)',
		leavers: 'workerStatus Terminated',
	},
	startField: 'workAssignments[].hireDate',
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'businessUnit', name: 'Business Unit' },
	],
	knowsLeavers: (json) => fieldsOf(json.workerStatus).statusCode !== undefined,
	unwrap: (json) => {
		const workers = json.workers;
		if (Array.isArray(workers)) return workers;
		return json.workerID === undefined && isNoContent(json) ? [] : null;
	},
	checkShape: (json) =>
		json.workerID !== undefined || json.businessCommunication !== undefined
			? null
			: {
					wrongShape: "ADP's items are not workers (no workerID, no businessCommunication)",
					fix: "Call ADP's /hr/v2/workers (not /hr/v2/worker-demographics) and hand its answer, or Split Out on workers, to this node.",
				},
	read: (json, { groupFrom }, person) => {
		// Each nested object once, by names written here (see fieldsOf): this runs for 100,000s.
		const emails = fieldsOf(json.businessCommunication).emails;
		const legalName = fieldsOf(fieldsOf(json.person).legalName);
		const assignment = primaryAssignment(json);
		const email = text(fieldsOf(Array.isArray(emails) ? emails[0] : undefined).emailUri);
		person.cells.user_lookup_id = email;
		person.cells.employee_id = text(fieldsOf(json.workerID).idValue);
		person.cells.email_address = email;
		person.cells.display_name =
			text(legalName.formattedName) || fullName('', legalName.givenName, legalName.familyName1);
		const unitType = UNIT_TYPES.get(groupFrom);
		if (unitType) addGroup(person, unitOf(assignment, unitType));
		const status = text(fieldsOf(fieldsOf(json.workerStatus).statusCode).codeValue);
		person.leaver = isWord(status, 'terminated');
		person.startsOn = dayNumber(assignment.hireDate);
	},
};
