import type { IHookFunctions } from 'n8n-workflow';

/**
 * The webhook lifecycle of a vendor whose callback URL is entered in its own console: there is
 * nothing to register on activation or to remove afterwards.
 */
export const consoleConfiguredWebhook = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};
