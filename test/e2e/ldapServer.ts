/**
 * A real LDAP server for the e2e: OpenLDAP's slapd from Debian's packages (slapd, ldap-utils),
 * started on a loopback port with a database of its own in a temporary folder, with a small
 * schema adding the Active Directory attributes the LDAP preset reads (test-only OIDs).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const LDAP_SUFFIX = 'dc=example,dc=com';
export const LDAP_ADMIN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_PASSWORD = 'e2e-ldap-secret';

const AD_SCHEMA = `
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'employeeID' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.4 NAME 'department' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.5 NAME 'userAccountControl' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.6 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'adUser' SUP top AUXILIARY MAY ( userPrincipalName $ sAMAccountName $ employeeID $ department $ userAccountControl $ memberOf ) )
attributetype ( 1.3.6.1.4.1.99999.1.7 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.2 NAME 'user' SUP top AUXILIARY MAY objectCategory )
`;

const freePort = () =>
	new Promise<number>((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});

export interface LdapServer {
	port: number;
	stop(): void;
}

/** Starts slapd with these LDIF entries under LDAP_SUFFIX (the suffix entry is made here). */
export async function startLdapServer(entries: string): Promise<LdapServer> {
	const folder = mkdtempSync(path.join(tmpdir(), 'hrdc-slapd-'));
	mkdirSync(path.join(folder, 'db'));
	writeFileSync(path.join(folder, 'ad.schema'), AD_SCHEMA);
	writeFileSync(
		path.join(folder, 'slapd.conf'),
		[
			'include /etc/ldap/schema/core.schema',
			'include /etc/ldap/schema/cosine.schema',
			'include /etc/ldap/schema/inetorgperson.schema',
			`include ${path.join(folder, 'ad.schema')}`,
			`pidfile ${path.join(folder, 'slapd.pid')}`,
			'modulepath /usr/lib/ldap',
			'moduleload back_mdb',
			'database mdb',
			`suffix "${LDAP_SUFFIX}"`,
			`rootdn "${LDAP_ADMIN}"`,
			`rootpw ${LDAP_PASSWORD}`,
			`directory ${path.join(folder, 'db')}`,
		].join('\n'),
	);
	const port = await freePort();
	const url = `ldap://127.0.0.1:${port}/`;
	// -d 0: in the foreground, so it ends with the test's process.
	const slapd: ChildProcess = spawn(
		'/usr/sbin/slapd',
		['-f', path.join(folder, 'slapd.conf'), '-h', url, '-d', '0'],
		{ stdio: 'ignore' },
	);
	const stop = () => {
		slapd.kill('SIGTERM');
		rmSync(folder, { recursive: true, force: true });
	};
	const ldif = `dn: ${LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n${entries}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		try {
			execFileSync('ldapadd', ['-x', '-H', url, '-D', LDAP_ADMIN, '-w', LDAP_PASSWORD], {
				input: ldif,
				stdio: ['pipe', 'ignore', 'pipe'],
			});
			return { port, stop };
		} catch (error) {
			if (Date.now() > deadline) {
				stop();
				throw new Error(
					`slapd did not take the entries: ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
	}
}
