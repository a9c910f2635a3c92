import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';
import { companyField, taskLocator } from '../../descriptions';
import { enrichTask } from '../../normalize';
import { companyIdOf, taskIdOf } from '../../params';

/** GET /task/getTaskDetail (seed 002) */
export const getTask: OperationSpec = {
	value: 'get',
	name: 'Get',
	action: 'Get a task',
	description: 'A task with its counters and statistics',
	properties: [companyField(), taskLocator()],
	retry: 'idempotent',
	request: async (p) => {
		const taskId = taskIdOf(p);
		return { method: 'GET', path: `${V1}/task/getTaskDetail`, qs: { companyId: await companyIdOf(p), taskId } };
	},
	output: (data) => enrichTask(data as IDataObject),
};
