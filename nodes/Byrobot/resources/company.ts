import type { IDataObject } from 'n8n-workflow';
import type { ResourceSpec } from '../../core/types';
import { CALL_TYPE_LABELS, V1, companyField, companyIdOf, label, numericId } from '../shared';

export const companyResource: ResourceSpec = {
	value: 'company',
	name: 'Company',
	operations: [
		{
			value: 'listCompanies',
			name: 'List Companies',
			action: 'List companies',
			description: 'The companies (公司) these keys may operate',
			properties: [],
			retry: 'idempotent',
			request: () => ({ method: 'GET', path: `${V1}/company/getCompanys` }),
		},
		{
			value: 'listPhones',
			name: 'List Caller Phones',
			action: 'List caller phones',
			description: 'The company’s caller lines (主叫电话) with their userPhoneId',
			properties: [companyField()],
			retry: 'idempotent',
			request: async (p) => ({ method: 'GET', path: `${V1}/company/getPhones`, qs: { companyId: await companyIdOf(p) } }),
			// phoneType uses the callType numbering: 0 mobile, 1 landline, 2 no caller id
			output: (data) =>
				(Array.isArray(data) ? (data as IDataObject[]) : []).map((phone) => ({
					...phone,
					phoneTypeLabel: label(CALL_TYPE_LABELS, phone.phoneType),
				})),
		},
		{
			value: 'listRobots',
			name: 'List Robots',
			action: 'List robots',
			description: 'The company’s robot scripts (话术) with their scene and recordings',
			properties: [companyField()],
			retry: 'idempotent',
			request: async (p) => ({ method: 'GET', path: `${V1}/company/getRobots`, qs: { companyId: await companyIdOf(p) } }),
		},
		{
			value: 'getSceneVariables',
			name: 'Get Scene Variables',
			action: 'Get the variables of a scene',
			description: 'The variables (话术变量) a scene’s script needs from every customer',
			properties: [
				companyField(),
				{
					displayName: 'Scene Name or ID',
					name: 'sceneDefId',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getScenes', loadOptionsDependsOn: ['companyId'] },
					default: '',
					required: true,
					description:
						'The scene (sceneDefId). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
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
		},
	],
};
