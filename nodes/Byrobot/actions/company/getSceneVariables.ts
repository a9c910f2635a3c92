import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';
import { companyField } from '../../descriptions';
import { companyIdOf, numericId } from '../../params';
import { dynamicOptionsField } from '../../../core/builders/fields';

/** GET /task/getSceneVariables (seed 001) */
export const getSceneVariables: OperationSpec = {
	value: 'getSceneVariables',
	name: 'Get Scene Variables',
	action: 'Get the variables of a scene',
	description: 'The variables a scene’s script needs from every customer',
	properties: [
		companyField(),
		dynamicOptionsField({
			displayName: 'Scene Name or ID',
			name: 'sceneDefId',
			method: 'getScenes',
			dependsOn: ['companyId'],
			description: 'The scene (sceneDefId).',
			required: true,
		}),
	],
	retry: 'idempotent',
	request: async (p) => {
		const sceneDefId = numericId(p, 'sceneDefId', 'Scene');
		return { method: 'GET', path: `${V1}/task/getSceneVariables`, qs: { companyId: await companyIdOf(p), sceneDefId } };
	},
	output: (data, p) => ({
		sceneDefId: numericId(p, 'sceneDefId', 'Scene'),
		variables: (Array.isArray(data) ? data : []) as IDataObject[],
	}),
};
