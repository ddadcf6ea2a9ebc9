/**
 * The editor in a real browser: n8n 2.x started with the packed package installed, owner set up
 * through the REST API, headless Chromium (Debian's package) driven by playwright-core. The node
 * is found in the nodes panel, its parameters render with the resource mapper's seven columns,
 * the credential form shows region and key, and a run from the editor shows the summary.
 * Screenshots go to docs/ (the README shows them); any missing element fails the test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { HrdcEmulator } from '../emulator/HrdcEmulator';
import { SAMPLE_ACCOUNT } from '../emulator/sampleAccount';
import {
	RealN8n,
	asFirstSync,
	installN8n,
	packPackage,
	setupOwner,
	type RunningN8n,
} from './realN8n';
import { describeWhenInstalled } from './services';
import { CSV_HEADER } from '../support/snapshots';
import { HELD_FOR_APPROVAL } from '../support/messages';

const DOCS = path.resolve(__dirname, '../../docs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXAMPLE = JSON.parse(
	readFileSync(path.resolve(__dirname, '../../examples/hr-to-activtrak.workflow.json'), 'utf8'),
);
const COLUMNS = CSV_HEADER.trimEnd().split(',');
const SLACK_TEMPLATE = JSON.parse(
	readFileSync(
		path.resolve(__dirname, '../../examples/nightly-sync-with-slack-approval.workflow.json'),
		'utf8',
	),
);

/** A sync run from the editor that deletes six people: over the limit, so it is held. */
const HELD_DEMO = {
	id: 'heldForApprovalDemo1',
	name: 'Held for approval (demo)',
	active: false,
	settings: { executionOrder: 'v1' },
	pinData: {},
	nodes: [
		EXAMPLE.nodes[0],
		{
			...EXAMPLE.nodes[1],
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({
					employees: ['ana', 'bo', 'cy', 'dee', 'ed', 'flo', 'gus', 'hal'].map((name, i) => ({
						user_lookup_id: `${name}@example.com`,
						group: 'Sales',
						delete_user: i < 6,
					})),
				}),
				options: {},
			},
		},
		EXAMPLE.nodes[2],
		{
			...EXAMPLE.nodes[3],
			parameters: { operation: 'upload', onSafetyLimit: 'hold', options: {} },
		},
	],
	connections: EXAMPLE.connections,
};

const describeIfBrowser = describeWhenInstalled(
	existsSync(CHROMIUM) ? null : `Chromium at ${CHROMIUM} (Debian package chromium)`,
);

describeIfBrowser('the node in the n8n editor, in a real browser', () => {
	const emulator = new HrdcEmulator({
		apiKey: 'editor-key-31f9',
		seed: SAMPLE_ACCOUNT,
		createUnmatchedUsers: true,
	});
	let n8n: RealN8n;
	let server: RunningN8n;
	let browser: Browser;
	let page: Page;
	let packDir: string;

	beforeAll(async () => {
		const emulatorUrl = await emulator.start();
		packDir = mkdtempSync(path.join(tmpdir(), 'hrdc-pack-'));
		n8n = new RealN8n(installN8n());
		n8n.installPackage(packPackage(packDir));
		await n8n.importCredentials([
			{
				id: 'activTrakHrdcDemo',
				name: 'ActivTrak HRDC (local emulator)',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: emulatorUrl, apiKey: 'editor-key-31f9' },
			},
			// For the README's screenshot: the form as a builder fills it, not the emulator's URL.
			{
				id: 'activTrakHrdcUs',
				name: 'ActivTrak HRDC',
				type: 'activTrakHrdcApi',
				data: { region: 'us', apiKey: 'screenshot-key-not-real-5b1e9c' },
			},
		]);
		// Runs from the editor are manual runs: with Static Data an upload there is refused (n8n
		// keeps nothing a manual run records), so these first syncs hand their ledger out.
		await n8n.importWorkflow(asFirstSync(EXAMPLE));
		await n8n.importWorkflow(asFirstSync(HELD_DEMO));
		await n8n.importWorkflow(SLACK_TEMPLATE);
		server = await n8n.startServer(15678 + Math.floor(Math.random() * 1000));
		const cookie = await setupOwner(server.url);
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-quic',
			],
		});
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addCookies([{ name: 'n8n-auth', value: cookie, domain: '127.0.0.1', path: '/' }]);
		page = await context.newPage();
		mkdirSync(DOCS, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await emulator.stop();
		n8n?.dispose();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	});

	const shot = async (name: string) => await page.screenshot({ path: path.join(DOCS, name) });

	afterEach(async () => {
		// On a failure, what the browser showed helps more than the locator's complaint.
		const state = expect.getState();
		if (page && state.currentTestName)
			await page.screenshot({
				path: path.join(
					tmpdir(),
					`hrdc-editor-${state.currentTestName.replace(/\W+/g, '-').slice(-40)}.png`,
				),
			});
	});

	test('the nodes panel finds it by searching "ActivTrak"', async () => {
		await page.goto(`${server.url}/workflow/${EXAMPLE.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="zoom-to-fit"]');
		await page.click('[data-test-id="node-creator-plus-button"]');
		// The search field has the focus when the panel opens.
		await page.waitForSelector('[data-test-id="node-creator-search-bar"]');
		await page.keyboard.type('ActivTrak');
		const item = page.locator('[data-test-id="node-creator-item-name"]', {
			hasText: 'ActivTrak HRDC',
		});
		await item.first().waitFor({ timeout: 15000 });
		expect(await item.first().innerText()).toContain('ActivTrak HRDC');
		await shot('nodes-panel.png');
		await page.keyboard.press('Escape');
	});

	test('its parameters render, with the resource mapper listing the seven HRDC columns', async () => {
		await page.click('[data-test-id="zoom-to-fit"]');
		await page
			.locator('[data-test-id="canvas-node"]', { hasText: 'ActivTrak HRDC' })
			.dblclick({ force: true });
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor({ timeout: 15000 });
		for (const column of COLUMNS) {
			await ndv.getByText(column, { exact: false }).first().waitFor({ timeout: 15000 });
		}
		await ndv.getByText('Every upload is a full snapshot').first().waitFor();
		await shot('node-parameters.png');
		// Version 2: the baseline settings are in 'Baseline (Advanced)'; only those this workflow
		// sets (Baseline Store, First Upload) are shown, the others are not on the page at all.
		await ndv.getByText('Baseline (Advanced)').first().waitFor({ timeout: 15000 });
		await ndv.getByText('First Upload', { exact: true }).first().waitFor({ timeout: 15000 });
		expect(await ndv.getByText('Take Over Baseline', { exact: true }).count()).toBe(0);
		expect(await ndv.getByText('Keep Lookup IDs in Baseline', { exact: true }).count()).toBe(0);
		await page.keyboard.press('Escape');
	});

	test('the credential form shows the region and the API key', async () => {
		await page.goto(`${server.url}/home/credentials/activTrakHrdcDemo`);
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor({ timeout: 15000 });
		await modal.getByText('Region').first().waitFor();
		await modal.getByText('API Key').first().waitFor();
		// A custom region asks for its base URL.
		await modal.getByText('Base URL').first().waitFor();
		await page.keyboard.press('Escape');
		await page.goto(`${server.url}/home/credentials/activTrakHrdcUs`);
		await modal.waitFor({ timeout: 15000 });
		await modal.getByText('API Key').first().waitFor();
		await expectEventually(async () => {
			const values = await modal
				.locator('input')
				.evaluateAll((inputs) =>
					inputs.map((input) => (input as unknown as { value: string }).value),
				);
			return values.includes('US (api.activtrak.com)');
		}, 15_000);
		expect(await modal.getByText('Base URL').count()).toBe(0);
		// n8n tests a credential as it opens it, and this machine cannot reach ActivTrak: the
		// picture is of the fields a builder fills in (from Region down), not of that banner.
		const box = await modal.boundingBox();
		const region = await modal.getByText('Region').first().boundingBox();
		if (!box || !region) throw new Error('the credential modal has no box');
		const top = region.y - 16;
		await page.screenshot({
			path: path.join(DOCS, 'credential.png'),
			clip: { x: box.x, y: top, width: box.width, height: box.y + box.height - top },
		});
		await page.keyboard.press('Escape');
	});

	test('a run from the editor uploads to the emulator and shows the summary', async () => {
		await page.goto(`${server.url}/workflow/${EXAMPLE.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="zoom-to-fit"]');
		await page.click('[data-test-id="execute-workflow-button"]');
		await expectEventually(() => emulator.uploads.length === 1, 60_000);
		await page
			.locator('[data-test-id="canvas-node"]', { hasText: 'ActivTrak HRDC' })
			.dblclick({ force: true });
		const output = page.locator('[data-test-id="output-panel"]');
		await output.waitFor({ timeout: 15000 });
		// The output opens on the CSV (binary); the summary is in the JSON view.
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('summary').first().waitFor({ timeout: 15000 });
		await output.getByText('csvBytes').first().waitFor({ timeout: 15000 });
		await output.getByText('firstUpload').first().waitFor({ timeout: 15000 });
		await shot('run-output.png');
		expect(emulator.state().groups.map((g) => g.name)).toContain('Platform, Core');
	});

	test('a sync that breaks a limit is held: its own output carries the summary and the token', async () => {
		const uploads = emulator.uploads.length;
		await page.goto(`${server.url}/workflow/${HELD_DEMO.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="zoom-to-fit"]');
		await page.click('[data-test-id="execute-workflow-button"]');
		// The run has reached the node when the canvas counts the items going into it.
		await page.getByText('8 items').first().waitFor({ timeout: 60_000 });
		await page.waitForTimeout(2000);
		await page
			.locator('[data-test-id="canvas-node"]', { hasText: 'ActivTrak HRDC' })
			.dblclick({ force: true });
		const output = page.locator('[data-test-id="output-panel"]');
		await output.waitFor({ timeout: 15000 });
		await output.getByText('Held for Approval').first().click();
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('approvalToken').first().waitFor({ timeout: 15000 });
		await output.getByText('summaryText').first().waitFor({ timeout: 15000 });
		await output.getByText(HELD_FOR_APPROVAL, { exact: false }).first().waitFor({ timeout: 15000 });
		await shot('held-for-approval.png');
		await page.keyboard.press('Escape');
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test('the Slack approval template opens on the canvas with every node known', async () => {
		await page.goto(`${server.url}/workflow/${SLACK_TEMPLATE.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="zoom-to-fit"]');
		for (const node of SLACK_TEMPLATE.nodes as Array<{ name: string; type: string }>) {
			if (node.type.endsWith('stickyNote')) continue;
			await page
				.locator('[data-test-id="canvas-node"]', { hasText: node.name })
				.first()
				.waitFor({ timeout: 15000 });
		}
		// A node type n8n does not know is drawn with a question mark and this text.
		expect(await page.getByText('Install this node to use it').count()).toBe(0);
		await shot('approval-flow.png');
	});

	test("switching the template's node Upload -> Preview -> Upload keeps Hold for Approval and both outputs, saved and reloaded", async () => {
		const hrdcNode = () =>
			page.locator('[data-test-id="canvas-node"]', { hasText: 'ActivTrak HRDC' }).first();
		const ndv = page.locator('[data-test-id="ndv"]');
		const chooseOperation = async (name: string) => {
			await ndv.locator('[data-test-id="parameter-input-operation"]').click();
			await page.getByRole('option').filter({ hasText: name }).first().click();
			await expectEventually(
				async () =>
					(await ndv
						.locator('[data-test-id="parameter-input-operation"] input')
						.first()
						.inputValue()) === name,
				15_000,
			);
		};
		const onSafetyLimit = () =>
			ndv.locator('[data-test-id="parameter-input-onSafetyLimit"] input').first().inputValue();

		const versionBefore = (await n8n.exportWorkflow(String(SLACK_TEMPLATE.id))).versionId;
		await page.goto(`${server.url}/workflow/${SLACK_TEMPLATE.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="zoom-to-fit"]');
		await hrdcNode().dblclick({ force: true });
		await ndv.waitFor({ timeout: 15000 });
		expect(await onSafetyLimit()).toBe('Hold for Approval');
		await chooseOperation('Preview Snapshot');
		// Preview shares the setting: still shown, still Hold for Approval.
		expect(await onSafetyLimit()).toBe('Hold for Approval');
		await chooseOperation('Upload Snapshot');
		expect(await onSafetyLimit()).toBe('Hold for Approval');
		// The parameters with the Safety Limits notice that lists the defaults in view.
		const notice = ndv.getByText(/Safety limits are on/).first();
		await notice.scrollIntoViewIfNeeded();
		await notice.waitFor({ timeout: 15000 });
		await shot('node-safety-limits.png');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Control+s');
		// The save really happened: n8n gives the stored workflow a new version.
		await expectEventually(
			async () => (await n8n.exportWorkflow(String(SLACK_TEMPLATE.id))).versionId !== versionBefore,
			30_000,
		);

		// Loaded again from n8n (the workflow's own address: one with the node's id reopens it).
		await page.goto(`${server.url}/workflow/${SLACK_TEMPLATE.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="zoom-to-fit"]');
		await hrdcNode().dblclick({ force: true });
		await ndv.waitFor({ timeout: 15000 });
		expect(await onSafetyLimit()).toBe('Hold for Approval');
		await page.keyboard.press('Escape');

		const saved = (await n8n.exportWorkflow(String(SLACK_TEMPLATE.id))) as {
			nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
			connections: Record<string, unknown>;
		};
		const node = saved.nodes.find((candidate) => candidate.name === 'ActivTrak HRDC')!;
		// n8n saves only the parameters off their default: Upload is the default operation,
		// Stop With an Error the default of onSafetyLimit.
		expect(node.parameters.operation ?? 'upload').toBe('upload');
		expect(node.parameters.onSafetyLimit).toBe('hold');
		expect(saved.connections['ActivTrak HRDC']).toEqual(
			SLACK_TEMPLATE.connections['ActivTrak HRDC'],
		);
	});
});

async function expectEventually(check: () => boolean | Promise<boolean>, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
