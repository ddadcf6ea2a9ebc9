/**
 * Reading a key of a record that may hold HR text or a hand-edited store: own keys only, so a
 * key such as "__proto__" or "constructor" never finds Object.prototype's. Pure.
 */
export const hasOwn = (record: object, key: string): boolean =>
	Object.prototype.hasOwnProperty.call(record, key);

/** The value of an own key, or undefined (also when `record` is not an object). */
export const ownValue = (record: unknown, key: string): unknown =>
	typeof record === 'object' && record !== null && hasOwn(record, key)
		? (record as Record<string, unknown>)[key]
		: undefined;
