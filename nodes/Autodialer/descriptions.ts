/** Field descriptions several Autodialer operations share. */
import type { INodeProperties } from 'n8n-workflow';
import { callingJobLocator } from '../core/builders/locator';

/** The job (task) picker: from a searchable list, or by its uuid. */
export function jobLocator(): INodeProperties {
	return callingJobLocator({
		noun: 'Job',
		byId: { placeholder: 'e.g. 02f5bb4a-8a09-4eae-8969-6c2a3732f774', pattern: '^[0-9A-Za-z_-]+$', error: 'A job ID is the task uuid' },
	});
}
