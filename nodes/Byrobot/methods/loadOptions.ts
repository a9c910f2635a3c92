import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { lookup, pick, toOptions } from '../../core/lookups';
import { send } from '../../core/transport';
import { isObject } from '../../core/util';
import { V1, byrobot } from '../api';
import { CALL_TYPE_LABELS, label } from '../options';
import { companyFor, current } from './editorParameters';

async function robots(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return lookup(ctx, byrobot, { method: 'GET', path: `${V1}/company/getRobots`, qs: { companyId: await companyFor(ctx) } });
}

async function sceneVariables(ctx: ILoadOptionsFunctions, companyId: string, sceneDefId: string): Promise<INodePropertyOptions[]> {
	const variables = await lookup(ctx, byrobot, {
		method: 'GET',
		path: `${V1}/task/getSceneVariables`,
		qs: { companyId, sceneDefId },
	});
	// data is a bare list of names (indata-public/slate task.md 查询话术变量)
	return toOptions(variables, 'value', (_v, id) => id);
}

export const loadOptions = {
	/** GET /company/getCompanys */
	async getCompanies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const companies = await lookup(this, byrobot, { method: 'GET', path: `${V1}/company/getCompanys` });
		return toOptions(companies, 'companyId', (c, id) => `${pick(c, 'companyName') ?? 'Company'} (${id})`);
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
			'userPhoneId',
			(p, id) => `${[pick(p, 'phoneName'), pick(p, 'phone')].filter(Boolean).join(' ') || 'Line'} (${id})`,
			// company.md: useAvailable is "主叫号码是否可用"; `available` is "无效字段，可忽略"
			(p) => [label(CALL_TYPE_LABELS, p.phoneType), p.useAvailable === false ? 'unavailable' : undefined].filter(Boolean).join(', ') || undefined,
		);
	},

	/** GET /company/getRobots: robot scripts */
	async getRobots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(
			await robots(this),
			'robotDefId',
			(r, id) => `${pick(r, 'robotName') ?? 'Robot'} (${id})`,
			(r) => (r.sceneDefId !== undefined ? `Scene ${String(r.sceneDefId)}` : undefined),
		);
	},

	/** the scenes of the chosen robot (all robots' scenes when none is chosen) */
	async getScenes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const robotDefId = current(this, 'robotDefId');
		const list = (await robots(this)).filter((r) => !robotDefId || String(r.robotDefId) === robotDefId);
		return toOptions(
			list,
			'sceneDefId',
			// getRobots names the robot, not its scene (indata-public/slate company.md)
			(r, id) => `Scene of ${pick(r, 'robotName') ?? 'robot'} (${id})`,
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
		return toOptions(records, 'sceneRecordId', (s, id) => `${pick(s, 'sceneRecordName') ?? 'Recording'} (${id})`);
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
		const sceneDefId = isObject(task) ? pick(task, 'sceneDefId') : undefined;
		return sceneDefId ? sceneVariables(this, companyId, sceneDefId) : [];
	},
};
