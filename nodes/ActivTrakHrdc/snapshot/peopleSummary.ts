/**
 * A few lines of plain text on what a run did or would do, for a person: a Slack or e-mail node
 * can send `summaryText` as it is. Pure: no n8n imports, no I/O.
 *
 * Names in it (groups, lookup ids) are HR text, and the text goes to Slack (mrkdwn) and e-mail
 * (HTML): there `<https://x|Safe>` is a link and `<!channel>` a mention. So in every name `&`,
 * `<` and `>` are written as `&amp;`, `&lt;` and `&gt;`, the escaping Slack asks for and that
 * HTML reads the same way; the node's own text has none of the three. Slack and mail clients
 * also make links of bare addresses and domain names (`login-activtrak.com`), so those are
 * defanged (`login-activtrak[.]com`, `https[:]//`). Each name shows at most 60 characters, and
 * the whole text at most SUMMARY_MAX_CHARS: a Slack section takes 3,000, and an approval request
 * that Slack refuses approves nothing.
 */
import type { ChangeReport } from './changeReport';
import { firstNames } from './firstNames';
import type { SnapshotSummary } from './model';

export type RunOutcome = 'uploaded' | 'approved' | 'preview' | 'held';

/** Slack's and HTML's escaping of the three characters that start markup. */
export function escapeMarkup(text: string): string {
	return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Links in the text made plain: `scheme://` and dotted names ending in letters. */
export function defangLinks(text: string): string {
	return text
		.replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1[:]//')
		.replace(/\b(?:[a-z0-9_-]+\.)+[a-z]{2,24}\b/gi, (name) => name.replace(/\./g, '[.]'));
}

export const SUMMARY_MAX_CHARS = 2500;

/** The lines joined, cut at whole lines to SUMMARY_MAX_CHARS with a count of what was left out. */
function capped(lines: string[]): string {
	const text = lines.join('\n');
	if (text.length <= SUMMARY_MAX_CHARS) return text;
	const kept: string[] = [];
	let length = 0;
	// Room for the last line, which says how many were left out.
	for (const line of lines) {
		if (length + line.length + 1 > SUMMARY_MAX_CHARS - 120) break;
		kept.push(line);
		length += line.length + 1;
	}
	const left = lines.length - kept.length;
	if (kept.length === 0) kept.push(`${lines[0].slice(0, SUMMARY_MAX_CHARS - 120)}...`);
	return `${kept.join('\n')}\n...and ${left} more ${left === 1 ? 'line' : 'lines'}: the whole report is in the output's 'changes' and 'limitsBroken'.`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line on the change against the baseline. */
function changeLine(changes: ChangeReport): string {
	if (changes.firstUpload) {
		return 'No earlier upload to this ActivTrak account to compare with (a first upload).';
	}
	const { users, groupsCreated, groupsRemoved, counts } = changes;
	return [
		`Against the upload of ${changes.previousAcceptedAt}: users ${users.before} -> ${users.after} (+${users.added} / -${users.removed});`,
		`${count(groupsCreated.length, 'group')} created${firstNames(groupsCreated, groupsCreated.length, escapeMarkup)}, ${groupsRemoved.length} deleted${firstNames(groupsRemoved, groupsRemoved.length, escapeMarkup)};`,
		`${count(counts.newlyDeleted, 'user')} newly deleted, ${counts.newlyDoNotTrack} newly on Do Not Track, ${counts.changedDetails} with changed details.`,
	].join(' ');
}

export function summaryForPeople(
	outcome: RunOutcome,
	summary: SnapshotSummary,
	changes: ChangeReport,
	limitsBroken: ReadonlyArray<{ message: string }>,
	approvalValidUntil?: string,
): string {
	const size = `${count(summary.users, 'user')} in ${count(summary.groups, 'group')}`;
	// A limit's message names users and groups: escaped whole (its own words have no & < >).
	const broken = limitsBroken.map((v) => escapeMarkup(v.message.replace(/\.$/, '')));
	// One limit per line: each is a sentence or two a person reads on its own.
	const limitLines = broken.map((message) => `- ${message}.`);
	const lines: string[] = [];
	switch (outcome) {
		case 'held':
			lines.push(
				`ActivTrak sync held for approval, nothing was sent: ${broken.length === 1 ? 'a safety limit is' : `${broken.length} safety limits are`} broken.`,
			);
			lines.push(...limitLines);
			lines.push(`The snapshot: ${size}.`);
			break;
		case 'uploaded':
			lines.push(`ActivTrak sync uploaded: ${size}.`);
			break;
		case 'approved':
			lines.push(`Approved ActivTrak sync uploaded: ${size}.`);
			break;
		case 'preview':
			lines.push(`ActivTrak sync preview, nothing was sent: ${size}.`);
			if (broken.length) lines.push('An upload would be stopped or held:', ...limitLines);
			break;
	}
	lines.push(changeLine(changes));
	if (outcome === 'held' && approvalValidUntil) {
		lines.push(
			`Approve to upload exactly this snapshot; the approval is valid until ${approvalValidUntil}.`,
		);
	}
	return capped(lines.map(defangLinks));
}
