/**
 * ADP Workforce Now: items of n8n's HTTP Request node calling `GET https://api.adp.com/hr/v2/workers`
 * with OData `$top` and `$skip` (ADP's Worker Management API, "hr/v2/workers"; every call with
 * the client certificate ADP issued, mutual TLS). The answer is `{"workers": [...]}`: one item
 * per page (unwrapped here), or one per worker after Split Out. A worker's work e-mail is
 * `businessCommunication.emails[0].emailUri`, the employee id the UI shows `workerID.idValue`
 * (not `associateOID`), and its department the primary work assignment's home organizational
 * unit of type Department.
 */
import { addGroup, fullName, at, firstText, isoDate, text } from './fields';
import type { Preset } from './types';

/** The worker's primary work assignment, else the first. */
function primaryAssignment(json: Record<string, unknown>): unknown {
	const assignments = json.workAssignments;
	if (!Array.isArray(assignments)) return undefined;
	return assignments.find((a) => at(a, 'primaryIndicator') === true) ?? assignments[0];
}

/** The assignment's home organizational unit of that type: its short name, else its code. */
function unitOf(assignment: unknown, type: string): string {
	const units = at(assignment, 'homeOrganizationalUnits');
	if (!Array.isArray(units)) return '';
	const unit = units.find((u) => text(at(at(u, 'typeCode'), 'codeValue')) === type);
	return firstText(at(at(unit, 'nameCode'), 'shortName'), at(at(unit, 'nameCode'), 'codeValue'));
}

const UNIT_TYPES: Record<string, string> = {
	department: 'Department',
	businessUnit: 'Business Unit',
};

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
	knowsLeavers: (json) => at(at(json, 'workerStatus'), 'statusCode') !== undefined,
	unwrap: (json) => {
		const workers = json.workers;
		return Array.isArray(workers) ? workers : null;
	},
	checkShape: (json) =>
		at(json, 'workerID') !== undefined || at(json, 'businessCommunication') !== undefined
			? null
			: {
					wrongShape: "ADP's items are not workers (no workerID, no businessCommunication)",
					fix: "Call ADP's /hr/v2/workers (not /hr/v2/worker-demographics) and hand its answer, or Split Out on workers, to this node.",
				},
	read: (json, { groupFrom }, person) => {
		const emails = at(at(json, 'businessCommunication'), 'emails');
		const legalName = at(at(json, 'person'), 'legalName');
		const assignment = primaryAssignment(json);
		person.cells.user_lookup_id = text(
			at(Array.isArray(emails) ? emails[0] : undefined, 'emailUri'),
		);
		person.cells.employee_id = text(at(at(json, 'workerID'), 'idValue'));
		person.cells.email_address = person.cells.user_lookup_id;
		person.cells.display_name =
			text(at(legalName, 'formattedName')) ||
			fullName('', at(legalName, 'givenName'), at(legalName, 'familyName1'));
		const unitType = Object.prototype.hasOwnProperty.call(UNIT_TYPES, groupFrom)
			? UNIT_TYPES[groupFrom]
			: '';
		if (unitType) addGroup(person, unitOf(assignment, unitType));
		person.leaver =
			text(at(at(at(json, 'workerStatus'), 'statusCode'), 'codeValue')).toLowerCase() ===
			'terminated';
		person.startsOn = isoDate(at(assignment, 'hireDate'));
	},
};
