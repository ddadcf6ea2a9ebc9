/**
 * The read side of ActivTrak's SCIM 2.0 API as its developer portal documents it, over the
 * emulator's account: GET /scim/v1/ping, /users and /groups as ListResponses. Writes are never
 * served (the emulator logs them: the node must send none). How `startIndex` is read and which
 * list key is written can be set, since the portal and RFC 7644 disagree on both.
 */
import type { EmulatorGroup, EmulatorUser } from './HrdcEmulator';

export interface ScimServing {
	/** RFC 7644: a 1-based index; the portal: a page number. */
	startIndex: 'index' | 'page';
	/** The portal writes `resources`, RFC 7644 `Resources`. */
	listKey: 'resources' | 'Resources';
	/** The most records a page holds, whatever `count` asks. */
	maxPerPage: number;
}

export const SCIM_AS_RFC: ScimServing = {
	startIndex: 'index',
	listKey: 'Resources',
	maxPerPage: 100,
};

/** The number ActivTrak gives HRDC-made groups as `sourceType` here (the real one is not published). */
export const EMULATOR_HRDC_SOURCE_TYPE = 7;
const APP_SOURCE_TYPE = 1;

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ACTIVTRAK_USER = 'urn:ietf:params:scim:schemas:extension:activtrak:2.0:User';
const ACTIVTRAK_GROUP = 'urn:ietf:params:scim:schemas:extension:activtrak:2.0:Group';

function scimUser(user: EmulatorUser, groups: readonly EmulatorGroup[]) {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, ACTIVTRAK_USER],
		id: String(user.id),
		userName: user.upn || user.email,
		displayName: user.displayName,
		emails: [{ value: user.email, primary: true }],
		active: true,
		groups: groups
			.filter((group) => group.members.includes(user.id))
			.map((group) => ({ value: `g-${group.name}`, display: group.name })),
		[ENTERPRISE]: { employeeNumber: user.employeeId },
		[ACTIVTRAK_USER]: {
			tracking: user.tracked,
			userPrincipalNames: user.upn ? [user.upn] : [],
		},
	};
}

function scimGroup(group: EmulatorGroup, users: readonly EmulatorUser[]) {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', ACTIVTRAK_GROUP],
		id: `g-${group.source}-${group.name}`,
		displayName: group.name,
		members: group.members.map((id) => ({
			value: String(id),
			display: users.find((user) => user.id === id)?.email ?? '',
		})),
		[ACTIVTRAK_GROUP]: {
			sourceType: group.source === 'hrdc' ? EMULATOR_HRDC_SOURCE_TYPE : APP_SOURCE_TYPE,
			instanceId: group.source === 'hrdc' ? 'hrdc' : null,
		},
	};
}

/** A GET under /scim/v1, answered from the account; null when the path is none of SCIM's. */
export function answerScimGet(
	url: URL,
	account: { users: readonly EmulatorUser[]; groups: readonly EmulatorGroup[] },
	serving: ScimServing,
): { status: number; body: unknown } | null {
	const path = url.pathname.replace(/\/+$/, '');
	if (path === '/scim/v1/ping') return { status: 200, body: 'Pong' };
	const live = account.users.filter((user) => !user.deleted);
	const lists = {
		'/scim/v1/users': { count: live.length, at: (i: number) => scimUser(live[i], account.groups) },
		'/scim/v1/groups': {
			count: account.groups.length,
			at: (i: number) => scimGroup(account.groups[i], live),
		},
	};
	if (path !== '/scim/v1/users' && path !== '/scim/v1/groups') return null;
	const list = lists[path];
	const asked = Number(url.searchParams.get('count') ?? 100);
	const count = Math.max(0, Math.min(Number.isFinite(asked) ? asked : 100, serving.maxPerPage));
	const start = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1) || 1);
	const from = serving.startIndex === 'index' ? start - 1 : (start - 1) * count;
	// Only the page's records are made: a page costs its size, not the account's.
	const page: unknown[] = [];
	for (let i = from; i < Math.min(from + count, list.count); i++) page.push(list.at(i));
	return {
		status: 200,
		body: {
			schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
			totalResults: list.count,
			itemsPerPage: page.length,
			startIndex: start,
			[serving.listKey]: page,
		},
	};
}
