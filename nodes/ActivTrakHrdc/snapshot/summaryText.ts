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
import { listNames } from './nameList';
import type { SnapshotSummary } from './model';
import { HELD_FOR_APPROVAL, PREVIEW_ONLY } from '../messages';

export type RunOutcome = 'uploaded' | 'approved' | 'preview' | 'held';

/** Slack's and HTML's escaping of the three characters that start markup. */
function escapeMarkup(text: string): string {
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

export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a summary says beyond the counts, where the caller knows it. */
interface SummaryNotes {
	/**
	 * Lines that come first, before the counts: what ActivTrak did not apply, what happens to the
	 * baseline, why a preview would be refused. The node's own words; names in them are escaped.
	 */
	leading?: readonly string[];
	/** Until when a held snapshot may be approved (ISO 8601). */
	approvalValidUntil?: string;
	/** A time as people read it (the workflow's time zone); ISO 8601 as it is without it. */
	showTime?: (iso: string) => string;
}

/** How many names the lists of who is removed, untracked or deleted show. */
const WHO_SHOWN = 20;

/** One line on the change against the baseline. */
function changeLine(changes: ChangeReport, showTime: (iso: string) => string): string {
	if (changes.firstUpload) {
		return 'No earlier upload from this workflow to this ActivTrak account to compare with (a first upload).';
	}
	const { users, groupsCreated, groupsRemoved, counts } = changes;
	return [
		`Against the upload of ${showTime(changes.previousAcceptedAt ?? '')}: users ${users.before} -> ${users.after} (+${users.added} / -${users.removed});`,
		`${count(groupsCreated.length, 'group')} created${listNames(groupsCreated, groupsCreated.length, escapeMarkup)}, ${groupsRemoved.length} deleted${listNames(groupsRemoved, groupsRemoved.length, escapeMarkup)};`,
		`${count(counts.newlyDeleted, 'user')} newly deleted, ${counts.newlyDoNotTrack} newly on Do Not Track, ${counts.changedDetails} with changed details.`,
	].join(' ');
}

/** Who leaves the snapshot, goes on Do Not Track or is deleted: a line each, by lookup id. */
function whoLines(changes: ChangeReport): string[] {
	if (changes.firstUpload) return [];
	const lines: string[] = [];
	const named = (what: string, names: readonly string[], total: number) => {
		if (total > 0)
			lines.push(
				`${what}: ${count(total, 'user')}${listNames(names, total, escapeMarkup, WHO_SHOWN)}.`,
			);
	};
	const { counts } = changes;
	if (changes.usersRemoved === null) {
		if (counts.removed > 0)
			lines.push(
				`No longer in the snapshot (their HRDC groups lose them): ${count(counts.removed, 'user')}, not named: the baseline keeps hashes only ('Keep Lookup IDs in Baseline' is off).`,
			);
	} else {
		named(
			'No longer in the snapshot (their HRDC groups lose them)',
			changes.usersRemoved,
			counts.removed,
		);
	}
	named('Newly on Do Not Track', changes.usersNewlyDoNotTrack, counts.newlyDoNotTrack);
	named('Newly deleted (permanent)', changes.usersNewlyDeleted, counts.newlyDeleted);
	return lines;
}

export function composeSummaryText(
	outcome: RunOutcome,
	summary: SnapshotSummary,
	changes: ChangeReport,
	limitsBroken: ReadonlyArray<{ message: string }>,
	notes: SummaryNotes = {},
): string {
	const showTime = notes.showTime ?? ((iso: string) => iso);
	const size = `${count(summary.users, 'user')} in ${count(summary.groups, 'group')}`;
	// A limit's message names users and groups: escaped whole (its own words have no & < >).
	const broken = limitsBroken.map((v) => escapeMarkup(v.message.replace(/\.$/, '')));
	// One limit per line: each is a sentence or two a person reads on its own.
	const limitLines = broken.map((message) => `- ${message}.`);
	const lines: string[] = (notes.leading ?? []).map(escapeMarkup);
	switch (outcome) {
		case 'held':
			lines.push(
				`${HELD_FOR_APPROVAL}: ${broken.length === 1 ? 'a safety limit is' : `${broken.length} safety limits are`} broken.`,
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
			lines.push(`${PREVIEW_ONLY}: ${size}.`);
			if (broken.length) lines.push('An upload would be stopped or held:', ...limitLines);
			break;
	}
	lines.push(changeLine(changes, showTime));
	if (outcome !== 'approved') lines.push(...whoLines(changes));
	if (outcome === 'held' && notes.approvalValidUntil) {
		lines.push(
			`Approve to upload exactly this snapshot; the approval is valid until ${showTime(notes.approvalValidUntil)}.`,
		);
	}
	return capped(lines.map(defangLinks));
}

/**
 * A time as people read it, in the given IANA time zone ("Dec 3, 2026, 17:45 UTC"); UTC when
 * the zone is not one the runtime knows, and the text as it is when it is not a time.
 */
export function timeShownIn(timeZone: string): (iso: string) => string {
	let format: Intl.DateTimeFormat;
	const fields: Intl.DateTimeFormatOptions = {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZoneName: 'short',
	};
	try {
		format = new Intl.DateTimeFormat('en-US', { ...fields, timeZone });
	} catch {
		format = new Intl.DateTimeFormat('en-US', { ...fields, timeZone: 'UTC' });
	}
	return (iso) => {
		const time = Date.parse(iso);
		return Number.isFinite(time) ? format.format(time) : iso;
	};
}
