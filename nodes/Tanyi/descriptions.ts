/** Field descriptions several Tanyi operations share. */
import type { INodeProperties } from 'n8n-workflow';
import { dynamicOptionsField } from '../core/builders/fields';
import { callingJobLocator } from '../core/builders/locator';
import { jobIdOf } from './params';

/** The job picker: from a searchable list, or by id. */
export function jobLocator(): INodeProperties {
	return callingJobLocator({ noun: 'Job', byId: { placeholder: 'e.g. 139', pattern: '^\\d+$', error: 'A job ID is a number' } });
}

/** START or PAUSE: what Check Before Bulk Start or Pause checks and Bulk Start or Pause does */
export const bulkOperationField: INodeProperties = {
	displayName: 'Operation to Check',
	name: 'bulkOperation',
	type: 'options',
	options: [
		{ name: 'Start', value: 'START' },
		{ name: 'Pause', value: 'PAUSE' },
	],
	default: 'START',
};

/** What a job state change shows (the Job picker) and sends (`{robotCallJobId}`). */
export const jobTarget = { properties: [jobLocator()], target: jobIdOf };

/**
 * Several jobs: a multi-select of every job (loadOptions getJobs), or an expression. The value is
 * read by parseNumericIds, so a workflow saved when this was comma-separated text still runs.
 */
export function jobIdsField(name: string, what: string): INodeProperties {
	return dynamicOptionsField({ displayName: 'Job Names or IDs', name, method: 'getJobs', description: what, multiple: true, required: true });
}
