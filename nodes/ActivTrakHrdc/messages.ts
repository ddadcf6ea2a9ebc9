/**
 * The phrases a builder meets again and again, and that tests, docs and templates look for:
 * each written once here. Pure: no n8n imports.
 */

/** Every refusal says it: nobody should wonder whether ActivTrak got part of an upload. */
export const NOTHING_SENT = 'nothing was sent';

/** A refusal's message: why, then that nothing was sent. */
export const refusedBecause = (why: string) => `${why}, so ${NOTHING_SENT}`;

/** A setting's value as a message shows it: as JSON (quotes and control characters escaped), cut. */
const shownSetting = (value: unknown) =>
	value === undefined ? 'empty' : (JSON.stringify(value)?.slice(0, 60) ?? String(value));

/**
 * A setting the node cannot use (often an expression's result): its label, the value it has,
 * and what it must be. A setting that cannot be read stops the run; it never falls back.
 */
export const settingRefused = (label: string, value: unknown, mustBe?: string) =>
	refusedBecause(`${label} is ${shownSetting(value)}${mustBe ? `, not ${mustBe}` : ''}`);

/** How every stop by a safety limit begins; the first broken limit follows after ': '. */
export const STOPPED_BY_LIMIT = `Stopped by a safety limit, ${NOTHING_SENT}`;

/** How a refused approval begins; why follows after ': '. */
export const APPROVAL_REFUSED = `The approval was refused, ${NOTHING_SENT}`;

/** The first line of a held run's summary, and of a preview's. */
export const HELD_FOR_APPROVAL = `ActivTrak sync held for approval, ${NOTHING_SENT}`;
export const PREVIEW_ONLY = `ActivTrak sync preview, ${NOTHING_SENT}`;

/** An upload with no ledger for the account and 'First Upload' off. */
export const NO_EARLIER_UPLOAD = refusedBecause(
	'No earlier upload from this workflow to this ActivTrak account is recorded',
);

/** 'First Upload' with Static Data before n8n kept any run's static data. */
export const FIRST_UPLOAD_NEEDS_KEPT_RUN = refusedBecause(
	"'First Upload' with Static Data needs one earlier run of this workflow that n8n kept",
);

/** The HR source gave nothing (no items, or the one empty item of 'Always Output Data'). */
export const SOURCE_GAVE_NO_PEOPLE = `The source gave no people: ${NOTHING_SENT}`;
