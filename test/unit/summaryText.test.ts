/**
 * summaryText (snapshot/summaryText.ts) as Slack and e-mail carry it: links defanged, names
 * cut, the whole text within SUMMARY_MAX_CHARS, what was left out counted.
 */
import {
	SUMMARY_MAX_CHARS,
	defangLinks,
	composeSummaryText,
} from '../../nodes/ActivTrakHrdc/snapshot/summaryText';
import { buildSnapshot } from '../support/snapshots';
import { reportChanges } from '../../nodes/ActivTrakHrdc/snapshot';
import { beginningWith, HELD_FOR_APPROVAL } from '../support/messages';

describe('summaryText', () => {
	const snapshot = buildSnapshot([{ user_lookup_id: 'a@x.com', group: 'Sales' }]);
	const changes = reportChanges(snapshot, null);

	test('makes no link of an address, a domain or an e-mail, and leaves the node words alone', () => {
		expect(defangLinks('see https://evil.example/x and login-activtrak.com or ana@corp.io')).toBe(
			'see https[:]//evil[.]example/x and login-activtrak[.]com or ana@corp[.]io',
		);
		const own = 'Against the upload of 2026-12-03T01:00:00.000Z: users 10 -> 7 (+0 / -3);';
		expect(defangLinks(own)).toBe(own);
	});

	test('is cut at whole lines to its maximum, counting the lines left out', () => {
		const limits = Array.from({ length: 40 }, (_, i) => ({
			message: `Limit ${i}: ${'many people would change '.repeat(8)}`,
		}));
		const text = composeSummaryText('held', snapshot.summary, changes, limits, {
			approvalValidUntil: 'tomorrow',
		});
		expect(text.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
		expect(text).toMatch(beginningWith(HELD_FOR_APPROVAL, /40 safety limits/));
		const [, left] = /\n\.\.\.and (\d+) more lines: the whole report is in/.exec(text) ?? [];
		const shown = text.split('\n').filter((line) => line.startsWith('- Limit')).length;
		// The 40 limits, the snapshot's line, the change line and the approval line: 43 in all.
		expect(shown + Number(left)).toBe(43);
	});

	test('a short summary is whole', () => {
		const text = composeSummaryText('uploaded', snapshot.summary, changes, []);
		expect(text).toBe(
			'ActivTrak sync uploaded: 1 user in 1 group.\nNo earlier upload from this workflow to this ActivTrak account to compare with (a first upload).',
		);
	});
});
