import type { IDataObject } from 'n8n-workflow';
import { stateChangeOperation } from '../../../core/builders/stateChange';
import type { ItemParams } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { jobLocator } from '../../descriptions';
import { taskId, taskPath } from '../../params';

export interface TaskStateChange {
	value: string;
	name: string;
	action: string;
	description: string;
	/** the seed's verb: GET /v1/task/<verb>/{uuid} */
	verb: string;
	/** the `start` flag the task has afterwards, when known (1 running, 0 paused) */
	start?: 0 | 1;
}

/**
 * Seed 004 changes a task's state with a GET (`/v1/task/start/{uuid}`, `…/stop/…`,
 * `…/destroy/…`). Start and stop end in the same state however often they are sent, so they are
 * retried after an unknown outcome. A repeated destroy after a lost answer finds the task gone
 * and surfaces the vendor's 404; the task is deleted either way.
 */
export function taskStateChange(o: TaskStateChange): OperationSpec {
	return stateChangeOperation({
		value: o.value,
		name: o.name,
		action: o.action,
		description: o.description,
		properties: [jobLocator()],
		target: (p: ItemParams) => ({ uuid: taskId(p) }),
		request: (p) => ({ method: 'GET', path: taskPath(`/v1/task/${o.verb}`, p) }),
		// the seed does not show the answer: the task entity is passed on, anything else is summarised
		output: (data, p) =>
			isObject(data) && data.uuid !== undefined
				? data
				: ({ [o.value === 'delete' ? 'deleted' : 'success']: true, uuid: taskId(p), ...(o.start !== undefined ? { start: o.start } : {}), ...(isObject(data) ? data : {}) } as IDataObject),
	});
}
