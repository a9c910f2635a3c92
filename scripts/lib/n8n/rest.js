'use strict';
/**
 * n8n's internal REST API (`/rest/...`, the one its editor uses) on a running main process:
 * owner setup / login, credentials, workflows, activation, loaded node types. One client per
 * main process; it keeps the `n8n-auth` cookie.
 */
const { DEFAULT_OWNER } = require('./env');
const { httpRequest, idFromName, waitUntil } = require('./util');

class RestClient {
	/** @param {string} baseUrl e.g. http://127.0.0.1:5678 */
	constructor(baseUrl) {
		this.url = baseUrl;
		this.cookie = undefined;
	}

	/** Raw HTTP request: resolves {status, headers, body (parsed JSON or text)}. */
	request(method, urlPath, body, headers = {}) {
		return httpRequest(method, `${this.url}${urlPath}`, body, headers);
	}

	/** Creates the instance owner (POST /rest/owner/setup) or logs in. Idempotent. */
	async login(owner = DEFAULT_OWNER) {
		if (this.cookie) return this.cookie;
		let res = await this.request('POST', '/rest/owner/setup', owner);
		if (res.status !== 200) {
			res = await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		}
		const auth = []
			.concat(res.headers['set-cookie'] || [])
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('n8n-auth='));
		if (res.status !== 200 || !auth) {
			throw new Error(`n8n owner setup/login failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
		}
		this.cookie = auth;
		return auth;
	}

	/** Authenticated `/rest` call; returns the `data` field. Throws on non-2xx with n8n's answer. */
	async rest(method, restPath, body) {
		await this.login();
		const res = await this.request(method, `/rest${restPath}`, body, { cookie: this.cookie });
		if (res.status < 200 || res.status >= 300) {
			const error = new Error(`n8n REST ${method} /rest${restPath} -> HTTP ${res.status}: ${JSON.stringify(res.body)}`);
			error.status = res.status;
			error.body = res.body;
			throw error;
		}
		return res.body && typeof res.body === 'object' && 'data' in res.body ? res.body.data : res.body;
	}

	/** The bytes of stored binary data (GET /rest/binary-data, the editor's download): {status, headers, raw}. */
	async binaryData(id) {
		await this.login();
		const res = await this.request('GET', `/rest/binary-data?id=${encodeURIComponent(id)}&action=download`, undefined, { cookie: this.cookie });
		return { status: res.status, headers: res.headers, raw: res.raw };
	}

	/** Node types the server loaded (GET /types/nodes.json). */
	async nodeTypes() {
		await this.login();
		const res = await this.request('GET', '/types/nodes.json', undefined, { cookie: this.cookie });
		if (res.status !== 200) throw new Error(`GET /types/nodes.json -> HTTP ${res.status}`);
		return res.body;
	}

	/**
	 * Creates credentials (POST /rest/credentials). `data` is plain: n8n encrypts it with the
	 * run's N8N_ENCRYPTION_KEY. Workflows refer to them by name (n8n resolves the id on import).
	 * @param {Array<{name: string, type: string, data: object}>} credentials
	 * @returns {Promise<string[]>} their ids
	 */
	async importCredentials(credentials) {
		const ids = [];
		for (const c of credentials) {
			const created = await this.rest('POST', '/credentials', { name: c.name, type: c.type, data: c.data });
			ids.push(created.id);
		}
		return ids;
	}

	/**
	 * Creates workflows (POST /rest/workflows), inactive. A workflow without `id` gets a
	 * deterministic one derived from its name.
	 * @param {object[]} workflows
	 * @returns {Promise<string[]>} their ids
	 */
	async importWorkflows(workflows) {
		const ids = [];
		for (const w of workflows) {
			const body = { settings: {}, ...w, id: w.id || idFromName(w.name || 'workflow'), active: false };
			delete body.versionId;
			const created = await this.rest('POST', '/workflows', body);
			ids.push(created.id);
		}
		return ids;
	}

	/**
	 * Activates (publishes) a workflow while the server runs: GET for its versionId, then
	 * POST /rest/workflows/:id/activate. Waits until each Webhook node's production path answers
	 * on every one of `webhookClients` (default: this server; in queue mode the webhook processes).
	 */
	async activateWorkflow(id, { webhookTimeoutMs = 60000, webhookClients = [this] } = {}) {
		const wf = await this.rest('GET', `/workflows/${encodeURIComponent(id)}`);
		const activated = await this.rest('POST', `/workflows/${encodeURIComponent(id)}/activate`, { versionId: wf.versionId });
		// The activate call answers before production webhooks are routable (a few hundred ms in
		// 2.41.1).
		for (const node of activated.nodes || wf.nodes || []) {
			if (node.disabled || node.type !== 'n8n-nodes-base.webhook') continue;
			const webhookPath = (node.parameters && node.parameters.path) || node.webhookId;
			const method = (node.parameters && node.parameters.httpMethod) || 'GET';
			if (!webhookPath) continue;
			for (const client of webhookClients) await client.waitForWebhook(webhookPath, { method, timeoutMs: webhookTimeoutMs });
		}
		return activated;
	}

	/** POST /rest/workflows/:id/deactivate */
	async deactivateWorkflow(id) {
		return await this.rest('POST', `/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/** Ids of active workflows (GET /rest/active-workflows). */
	async activeWorkflowIds() {
		return await this.rest('GET', '/active-workflows');
	}

	/**
	 * Waits until the production webhook `/webhook/<path>` is registered, WITHOUT triggering it:
	 * probes with another method; n8n answers "This webhook is not registered for PATCH requests"
	 * once the path exists and "The requested webhook … is not registered" before.
	 */
	async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 60000 } = {}) {
		const probe = String(method).toUpperCase() === 'PATCH' ? 'PUT' : 'PATCH';
		const urlPath = `/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
		const check = async () => {
			const res = await this.request(probe, urlPath);
			const message = (res.body && typeof res.body === 'object' && res.body.message) || '';
			return res.status !== 404 || /not registered for/i.test(message);
		};
		await waitUntil(check, { timeoutMs, what: `webhook ${method} ${urlPath} to be registered` });
	}

	/** POST (or another method) to the production webhook `/webhook/<path>`. */
	async callWebhook(webhookPath, body, { method = 'POST', headers = {} } = {}) {
		return await this.request(method, `/webhook/${String(webhookPath).replace(/^\/+/, '')}`, body, headers);
	}
}

module.exports = { RestClient };
