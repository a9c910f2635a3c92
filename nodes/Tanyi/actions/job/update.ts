import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { jobLocator } from '../../descriptions';
import { jobIdOf } from '../../params';
import { checkScriptNeeds, jobBody, jobFields } from './jobSettings';

/** PATCH /job/modify (seed 000) */
export const updateJob: OperationSpec = {
	value: 'update',
	name: 'Update',
	action: 'Update a job',
	description: 'Replace a job’s settings; the vendor needs the full set of fields',
	properties: [jobLocator(), ...jobFields],
	retry: 'idempotent',
	precheck: checkScriptNeeds,
	request: (p) => {
		const body = jobBody(p);
		const id = jobIdOf(p).robotCallJobId;
		// seed 000 says "same body as create" plus the job: sent at the top level and inside robotCallJob
		return {
			method: 'PATCH',
			path: '/job/modify',
			body: { robotCallJobId: id, ...body, robotCallJob: { ...(body.robotCallJob as IDataObject), robotCallJobId: id } },
		};
	},
};
