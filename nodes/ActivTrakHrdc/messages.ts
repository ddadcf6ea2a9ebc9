/**
 * The phrases a builder meets again and again, and that tests, docs and templates look for:
 * each written once here. Pure: no n8n imports.
 */

/** How every stop by a safety limit begins; the first broken limit follows after ': '. */
export const STOPPED_BY_LIMIT = 'Stopped by a safety limit, nothing was sent';
