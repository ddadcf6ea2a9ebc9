/**
 * BambooHR: items of n8n's node `n8n-nodes-base.bambooHr` (version 1). Read from n8n 2.41.1's
 * nodes/BambooHr/v1/actions: employee/getAll/execute.js returns the directory's employees, one
 * item each (id, displayName, firstName, lastName, workEmail, department, division, location...:
 * current employees, no status); companyReport/get/execute.js with Format JSON returns the
 * report as ONE item {title, fields, employees[]}, each employee with the report's fields (a
 * report with status, employeeNumber and workEmail tells leavers; one with hireDate, future
 * hires).
 */
import { addGroup, at, firstText, fullName, hasOwn, dayNumber, text } from './fields';
import type { Preset } from './types';

export const bambooHr: Preset = {
	value: 'bambooHr',
	name: 'BambooHR (Employee > Get Many, or Company Report > Get as JSON)',
	sourceNode: 'BambooHR',
	sourceSettings:
		'Employee > Get Many with Return All on, or Company Report > Get with Format JSON (a report with status, employeeNumber and workEmail tells leavers)',
	readme: {
		reads: 'Employee > Get Many, or Company Report > Get as JSON',
		leavers: 'status Inactive (in a report)',
	},
	startField: 'hireDate',
	groupChoices: [
		{ value: 'department', name: 'Department' },
		{ value: 'division', name: 'Division' },
		{ value: 'location', name: 'Location' },
	],
	// The directory lists current employees only; a report says who left when it has status.
	knowsLeavers: (json) => hasOwn(json, 'status'),
	unwrap: (json) => {
		const employees = json.employees;
		return Array.isArray(employees) ? employees : null;
	},
	checkShape: (json) =>
		hasOwn(json, 'workEmail')
			? null
			: {
					wrongShape: 'The BambooHR items have no workEmail',
					fix: "Use the BambooHR node's Employee > Get Many, or Company Report > Get with Format JSON of a report that has workEmail.",
				},
	read: (json, { groupFrom }, person) => {
		const group = groupFrom === 'none' ? '' : firstText(at(json, groupFrom));
		person.cells.user_lookup_id = text(json.workEmail);
		person.cells.employee_id = firstText(json.employeeNumber, json.id);
		person.cells.email_address = person.cells.user_lookup_id;
		person.cells.display_name = fullName(json.displayName, json.firstName, json.lastName);
		addGroup(person, group);
		person.leaver = text(json.status).toLowerCase() === 'inactive';
		person.startsOn = dayNumber(json.hireDate);
	},
};
