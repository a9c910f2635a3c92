import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { lookup, pick, toOptions } from '../core/lookups';
import { isObject } from '../core/util';
import { searchPage } from '../core/pagination';
import { send } from '../core/transport';
import { TASK_PAGE_MAX } from './resources/task';
import { CALL_TYPE_LABELS, TASK_STATUS_LABELS, V1, byrobot, byrobotPages, label } from './shared';

/** a parameter of the node as the editor has it; resource locators give their value */
function current(ctx: ILoadOptionsFunctions, name: string): string | undefined {
	let value: unknown;
	try {
		value = ctx.getCurrentNodeParameter(name, { extractValue: true });
	} catch {
		return undefined;
	}
	const id = isObject(value) ? value.value : value;
	return id === undefined || id === null || String(id).trim() === '' ? undefined : String(id).trim();
}

/** the Company parameter, else the credential's Default Company ID */
async function companyFor(ctx: ILoadOptionsFunctions): Promise<string> {
	const own = current(ctx, 'companyId');
	if (own) return own;
	const credentials = await ctx.getCredentials('byrobotApi');
	const fallback = String(credentials.companyId ?? '').trim();
	if (!fallback) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Choose a Company first, or set a Default Company ID in the Byrobot credential',
		);
	}
	return fallback;
}

async function robots(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return lookup(ctx, byrobot, { method: 'GET', path: `${V1}/company/getRobots`, qs: { companyId: await companyFor(ctx) } });
}

async function sceneVariables(ctx: ILoadOptionsFunctions, companyId: string, sceneDefId: string): Promise<INodePropertyOptions[]> {
	const variables = await lookup(ctx, byrobot, {
		method: 'GET',
		path: `${V1}/task/getSceneVariables`,
		qs: { companyId, sceneDefId },
	});
	return toOptions(variables, ['value', 'name', 'variableName'], (_v, id) => id);
}

export const loadOptions = {
	/** GET /company/getCompanys */
	async getCompanies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const companies = await lookup(this, byrobot, { method: 'GET', path: `${V1}/company/getCompanys` });
		return toOptions(companies, ['companyId'], (c, id) => `${pick(c, ['companyName']) ?? 'Company'} (${id})`);
	},

	/** GET /company/getPhones: caller lines (value = userPhoneId) */
	async getPhones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const phones = await lookup(this, byrobot, {
			method: 'GET',
			path: `${V1}/company/getPhones`,
			qs: { companyId: await companyFor(this) },
		});
		return toOptions(
			phones,
			['userPhoneId'],
			(p, id) => `${[pick(p, ['phoneName']), pick(p, ['phone'])].filter(Boolean).join(' ') || 'Line'} (${id})`,
			(p) => label(CALL_TYPE_LABELS, p.phoneType) ?? undefined,
		);
	},

	/** GET /company/getRobots: robot scripts */
	async getRobots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(
			await robots(this),
			['robotDefId'],
			(r, id) => `${pick(r, ['robotName']) ?? 'Robot'} (${id})`,
			(r) => (r.sceneDefId !== undefined ? `Scene ${String(r.sceneDefId)}` : undefined),
		);
	},

	/** the scenes of the chosen robot (all robots' scenes when none is chosen) */
	async getScenes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const robotDefId = current(this, 'robotDefId');
		const list = (await robots(this)).filter((r) => !robotDefId || String(r.robotDefId) === robotDefId);
		return toOptions(
			list,
			['sceneDefId'],
			(r, id) => `${pick(r, ['sceneDefName', 'sceneName']) ?? `Scene of ${pick(r, ['robotName']) ?? 'robot'}`} (${id})`,
		);
	},

	/** the recordings of the chosen robot / scene */
	async getRecordings(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const robotDefId = current(this, 'robotDefId');
		const sceneDefId = current(this, 'sceneDefId');
		const records = (await robots(this))
			.filter((r) => !robotDefId || String(r.robotDefId) === robotDefId)
			.filter((r) => !sceneDefId || String(r.sceneDefId) === sceneDefId)
			.flatMap((r) => (Array.isArray(r.sceneRecords) ? (r.sceneRecords as IDataObject[]) : []));
		return toOptions(records, ['sceneRecordId'], (s, id) => `${pick(s, ['sceneRecordName']) ?? 'Recording'} (${id})`);
	},

	/** GET /task/getSceneVariables for the chosen scene */
	async getSceneVariables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const sceneDefId = current(this, 'sceneDefId');
		if (!sceneDefId) return [];
		return sceneVariables(this, await companyFor(this), sceneDefId);
	},

	/** the variables of the chosen task's scene: getTaskDetail → sceneDefId → getSceneVariables */
	async getTaskVariables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const taskId = current(this, 'taskId');
		if (!taskId) return [];
		const companyId = await companyFor(this);
		const task = await send(
			this,
			byrobot,
			{ method: 'GET', path: `${V1}/task/getTaskDetail`, qs: { companyId, taskId } },
			{ retry: 'idempotent' },
		);
		const sceneDefId = isObject(task) ? pick(task, ['sceneDefId']) : undefined;
		return sceneDefId ? sceneVariables(this, companyId, sceneDefId) : [];
	},
};

export const listSearch = {
	/** the company's tasks for the Task picker, searchable by name, 100 per page */
	async searchTasks(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const qs: IDataObject = { companyId: await companyFor(this) };
		if (filter) qs.taskName = filter;
		const { records, paginationToken: next } = await searchPage(this, byrobot, {
			request: { method: 'GET', path: `${V1}/task/getTasks`, qs },
			paging: byrobotPages('qs', TASK_PAGE_MAX),
			token: paginationToken,
		});
		return {
			results: records.map((task) => {
				const id = pick(task, ['callJobId']) ?? '';
				const status = label(TASK_STATUS_LABELS, task.status);
				return { name: `${pick(task, ['jobName']) ?? 'Task'} (${id}${status ? `, ${status}` : ''})`, value: id };
			}),
			paginationToken: next,
		};
	},
};
