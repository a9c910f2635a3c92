import { byrobotHeaders, byrobotSignature, tanyiHeaders, tanyiSignature } from '../../credentials/signing';
import { TanyiApi } from '../../credentials/TanyiApi.credentials';

describe('Tanyi signature (VENDORS.md §1 worked example)', () => {
	it('reproduces the worked example byte for byte', () => {
		expect(
			tanyiSignature('demotenant', 'demoAppKey123456', 'demoAppSecret0123456789abcdefghi', '1557747252783'),
		).toBe('003ebb1200cf8e645215783ef7e39d40b9c03b0970b13a79ea20b4c0b2b12505');
	});

	it('changes when any input changes', () => {
		const base = tanyiSignature('demotenant', 'demoAppKey123456', 'demoAppSecret0123456789abcdefghi', '1557747252783');
		expect(tanyiSignature('demotenant', 'demoAppKey123456', 'demoAppSecret0123456789abcdefghi', '1557747252784')).not.toBe(base);
		expect(tanyiSignature('demotenanT', 'demoAppKey123456', 'demoAppSecret0123456789abcdefghi', '1557747252783')).not.toBe(base);
	});

	it('sends appKey, tenantSign, version, timestamp and signature, never the secret', async () => {
		const credential = new TanyiApi();
		const signed = await credential.authenticate(
			{ appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefghi', tenantSign: 'demotenant', baseUrl: 'http://x' },
			{ url: '/job/start', headers: { 'Content-Type': 'application/json' } },
		);
		const headers = signed.headers as Record<string, string>;
		expect(Object.keys(headers).sort()).toEqual(['Content-Type', 'appKey', 'signature', 'tenantSign', 'timestamp', 'version']);
		expect(headers.version).toBe('v1');
		expect(headers.timestamp).toMatch(/^\d{13}$/);
		expect(headers.signature).toBe(
			tanyiSignature('demotenant', 'demoAppKey123456', 'demoAppSecret0123456789abcdefghi', headers.timestamp),
		);
		expect(JSON.stringify(signed)).not.toContain('demoAppSecret0123456789abcdefghi');
	});

	it('uses the current time in milliseconds', () => {
		const headers = tanyiHeaders({ appKey: 'k', appSecret: 's', tenantSign: 't' }, 1557747252783);
		expect(headers.timestamp).toBe('1557747252783');
	});
});

describe('Byrobot signature (VENDORS.md §2 worked example)', () => {
	it('reproduces the worked example byte for byte', () => {
		expect(byrobotSignature('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', 'Thu, 13 Dec 2018 01:27:17 GMT')).toBe(
			'TY9w/1yinyN8oYCfSrYjVMvcDiA=',
		);
	});

	it('formats datetime as RFC 1123 GMT and signs it', () => {
		const at = Date.UTC(2018, 11, 13, 1, 27, 17);
		const headers = byrobotHeaders({ appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefgh' }, at);
		expect(headers).toEqual({
			appkey: 'demoAppKey123456',
			datetime: 'Thu, 13 Dec 2018 01:27:17 GMT',
			sign: 'TY9w/1yinyN8oYCfSrYjVMvcDiA=',
		});
	});
});
