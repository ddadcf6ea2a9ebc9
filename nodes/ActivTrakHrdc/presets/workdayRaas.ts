/**
 * Workday: items of n8n's HTTP Request node calling a Report-as-a-Service custom report,
 * `GET https://{host}/ccx/service/customreport2/{tenant}/{owner}/{report}?format=json`, whose
 * answer is `{"Report_Entry": [...]}`: one item (unwrapped here), or one per person after Split
 * Out. Each entry's keys are the report's column aliases, which its author chooses: the preset
 * reads the aliases below, and docs/hr-sources.md gives them to the report's author. (The shape:
 * Workday's RaaS documentation as the Workato connector docs and the Faros Airbyte source read
 * it, `res.data?.Report_Entry`.)
 */
import { addGroup, at, hasOwn, isPast, dayNumber, text } from './fields';
import type { Preset } from './types';

/** The column aliases the report must use: docs/hr-sources.md lists them for its author. */
export const WORKDAY_ALIASES = [
	'Email',
	'Employee_ID',
	'Full_Name',
	'Legal_Name',
	'Department',
	'Location',
	'Supervisory_Organization',
	'Active_Status',
	'Termination_Date',
	'Hire_Date',
] as const;

const INACTIVE = new Set(['0', 'false', 'terminated', 'inactive', 'no']);

export const workdayRaas: Preset = {
	value: 'workdayRaas',
	name: 'Workday (HTTP Request: Report-as-a-Service)',
	sourceNode: 'HTTP Request',
	system: 'Workday',
	sourceSettings:
		'GET a custom report of all active and terminated workers with ?format=json, its columns aliased Email, Employee_ID, Full_Name, Department, Active_Status, Hire_Date',
	readme: {
		reads: 'HTTP Request: a RaaS report, `?format=json` (`Report_Entry`)',
		leavers: 'Active_Status 0 / false / Terminated, or a Termination_Date past',
	},
	startField: 'Hire_Date',
	groupChoices: [
		{ value: 'Department', name: 'Department' },
		{ value: 'Location', name: 'Location' },
		{ value: 'Supervisory_Organization', name: 'Supervisory Organization' },
	],
	knowsLeavers: (json) => hasOwn(json, 'Active_Status') || hasOwn(json, 'Termination_Date'),
	unwrap: (json) => {
		const entries = json.Report_Entry;
		return Array.isArray(entries) ? entries : null;
	},
	checkShape: (json) =>
		hasOwn(json, 'Email') || hasOwn(json, 'Employee_ID')
			? null
			: {
					wrongShape:
						"The Workday report's entries have neither an Email nor an Employee_ID column",
					fix: `In the report's Columns, give the fields these aliases (Column Heading Override XML Alias): ${WORKDAY_ALIASES.join(', ')}. Its data source must include terminated workers.`,
				},
	read: (json, { groupFrom, today }, person) => {
		const email = text(json.Email);
		person.cells.user_lookup_id = email || text(json.Employee_ID);
		person.cells.employee_id = text(json.Employee_ID);
		person.cells.email_address = email;
		person.cells.display_name = text(json.Full_Name) || text(json.Legal_Name);
		if (groupFrom !== 'none') addGroup(person, text(at(json, groupFrom)));
		const status = text(json.Active_Status);
		person.leaver =
			(status !== '' && status !== '1' && INACTIVE.has(status.toLowerCase())) ||
			isPast(dayNumber(json.Termination_Date), today);
		person.startsOn = dayNumber(json.Hire_Date);
	},
};
