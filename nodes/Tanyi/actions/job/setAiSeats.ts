import type { OperationSpec } from '../../../core/types';
import { jobLocator } from '../../descriptions';
import { jobIdOf } from '../../params';

/** POST /job/updateAiCount (seed 000) */
export const setAiSeats: OperationSpec = {
	value: 'setAiSeats',
	name: 'Set AI Seats',
	action: 'Set the AI seats of a job',
	description: 'Change how many robots a job uses',
	properties: [
		jobLocator(),
		{ displayName: 'AI Seats', name: 'robotCount', type: 'number', typeOptions: { minValue: 1 }, default: 1, required: true },
	],
	retry: 'idempotent',
	request: (p) => ({
		method: 'POST',
		path: '/job/updateAiCount',
		body: { ...jobIdOf(p), robotCount: p.integer('robotCount', 'AI Seats', 1) },
	}),
	output: (_data, p) => ({ success: true, ...jobIdOf(p), robotCount: p.integer('robotCount', 'AI Seats', 1) }),
};
