/**
 * n8n's httpRequestWithAuthentication decrypts the credential for every request; transport.ts
 * reads it once per execution and signs each request itself (a fresh signature every time).
 */
import { tanyiSignature } from '../../../credentials/signing';
import { HarnessCredentialsHelper } from '../../harness';
import { createJob, job, phones, run, sim, useEmulator } from './support';

useEmulator();

describe('credential reads', () => {
	it('decrypts the credential once per execution, not once per request, and signs every request itself', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const decrypts = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		try {
			const result = await run({ resource: 'customer', operation: 'import', jobId: job(id), options: { batchSize: 50 } }, phones(250));
			expect(result.error).toBeUndefined();
			const imports = sim.server.requests('/job/importCustomer');
			expect(imports).toHaveLength(5);
			// one read by the transport, one by the importer for the ledger key
			expect(decrypts.mock.calls.length).toBeLessThanOrEqual(2);
			// each request carries the signature of its own timestamp (two in one millisecond share it)
			const { appKey, appSecret, tenantSign } = sim.credentials;
			for (const { headers } of sim.server.log) {
				expect(headers.signature).toBe(tanyiSignature(tenantSign, appKey, appSecret, String(headers.timestamp)));
			}
			expect(new Set(sim.server.log.map((r) => r.headers.timestamp)).size).toBeGreaterThan(1);
		} finally {
			decrypts.mockRestore();
		}
	});
});
