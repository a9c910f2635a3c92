import { byrobotCallRecords } from '../../../nodes/Byrobot/callRecordSource';
import { durationSeconds, enrichCallListRecord, intentFromResults, normalizeByrobotCall, normalizeByrobotIntentEdit } from '../../../nodes/Byrobot/normalize';
import { FINISH_STATUS_LABELS, TASK_STATUS_LABELS, label } from '../../../nodes/Byrobot/options';

/** a queryDoneTaskPhones record as seed 002 prints it */
const listRecord = (over: Record<string, unknown> = {}) => ({
	callInstanceId: 100234,
	callJobId: 6001,
	customerTelephone: '13900001111',
	customerName: '王五',
	status: 2,
	finishStatus: 0,
	duration: '27秒',
	chatRound: 3,
	startTime: '2018-12-13 09:27:17',
	endTime: '2018-12-13 09:27:50',
	callIndex: 7,
	luyinOssUrl: 'https://oss.example/100234.wav',
	resultList: [
		{ name: '客户意向等级', value: 'A级(较强)' },
		{ name: '客户关注点', value: '价格' },
	],
	...over,
});

describe('normalizeByrobotCall', () => {
	it('maps a list record onto the shared call record', () => {
		const raw = listRecord();
		expect(normalizeByrobotCall(raw)).toEqual({
			vendor: 'byrobot',
			callId: '100234',
			jobId: '6001',
			phone: '13900001111',
			customerName: '王五',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 27,
			rounds: 3,
			startTime: '2018-12-13T09:27:17+08:00',
			endTime: '2018-12-13T09:27:50+08:00',
			recordingUrl: 'https://oss.example/100234.wav',
			transcript: [],
			raw,
		});
	});

	it.each([
		[0, 'answered'],
		[1, 'refused'],
		[2, 'unreachable'],
		[3, 'caller_line_error'],
		[4, 'vacant_number'],
		[5, 'powered_off'],
		[6, 'busy'],
		[7, 'out_of_service'],
		[8, 'no_answer'],
		[9, 'arrears'],
		[10, 'call_loss'],
		[11, 'blacklisted'],
		[22, 'unreachable'],
		[99, 'unknown'],
	])('finishStatus %d → %s', (finishStatus, status) => {
		expect(normalizeByrobotCall(listRecord({ finishStatus })).status).toBe(status);
	});

	it('a call not finished yet is pending', () => {
		expect(normalizeByrobotCall(listRecord({ finishStatus: null, status: 1 })).status).toBe('pending');
	});

	it('reads the intent letter from any wording, including a manual label', () => {
		const intent = (value: string) => normalizeByrobotCall(listRecord({ resultList: [{ name: '客户意向等级', value }] })).intentLevel;
		expect(intent('A级（较强）')).toBe('A'); // full-width brackets
		expect(intent('A级(较强)')).toBe('A');
		expect(intent('B')).toBe('B'); // a person's label, letter only
		expect(intent('F级(无需跟进)')).toBe('F');
		expect(intent('未知')).toBeNull();
		expect(normalizeByrobotCall(listRecord({ resultList: [] })).intentLevel).toBeNull();
		// callbacks / details: taskResult rows
		expect(intentFromResults([{ resultName: '客户意向等级', resultValue: 'C级(一般)' }])).toBe('C');
		expect(intentFromResults([{ resultName: '意向', resultValue: 'D', analyzeType: 'BY_ANALYZE_USER_LEVEL' }])).toBe('D');
		// the trigger's Intent Level filter reads the same
		expect(byrobotCallRecords.intent(listRecord({ resultList: [{ name: '客户意向等级', value: 'B级（一般）' }] }))).toBe('B');
	});

	it('duration: "27秒" → 27, "1分27秒" → 87, integers stay', () => {
		expect(durationSeconds('27秒')).toBe(27);
		expect(durationSeconds('1分27秒')).toBe(87);
		expect(durationSeconds(27)).toBe(27);
		expect(durationSeconds('0秒')).toBe(0);
		expect(normalizeByrobotCall(listRecord({ duration: '0秒' })).durationSeconds).toBe(0);
	});

	it('a call detail / callback: transcript speakers AI → bot, ME → customer; times ISO +08:00', () => {
		const detail = {
			phoneLog: {
				luyinOssUrl: 'https://oss.example/rec.wav',
				phoneLogs: [
					{ speaker: 'AI', content: '您好，这里是百应' },
					{ speaker: 'ME', content: '你好' },
				],
			},
			sceneInstance: {
				callInstanceId: 5,
				callJobId: 6001,
				customerTelephone: '13700000000',
				customerName: '赵六',
				status: 2,
				finishStatus: 6,
				duration: 0,
				chatRound: 0,
				startTime: '2018-12-13 09:27:17',
				endTime: null,
			},
			taskResult: [{ resultName: '客户意向等级', resultValue: 'F级(无需再次跟进)' }],
		};
		expect(normalizeByrobotCall(detail)).toMatchObject({
			callId: '5',
			status: 'busy',
			intentLevel: 'F',
			durationSeconds: 0,
			startTime: '2018-12-13T09:27:17+08:00',
			endTime: '2018-12-13T09:27:17+08:00',
			recordingUrl: 'https://oss.example/rec.wav',
			transcript: [
				{ speaker: 'bot', text: '您好，这里是百应' },
				{ speaker: 'customer', text: '你好' },
			],
		});
	});

	it('the trigger keys a call by callInstanceId and callIndex (a redial is new)', () => {
		expect(byrobotCallRecords.key(listRecord())).toBe('100234:7');
		expect(byrobotCallRecords.key(listRecord({ callIndex: 12 }))).toBe('100234:12');
		expect(byrobotCallRecords.index!(listRecord())).toBe(7);
		expect(byrobotCallRecords.time(listRecord())).toBe(Date.parse('2018-12-13T01:27:50Z'));
	});
});

describe('Byrobot normalisers', () => {
	it('reads the intent letter from resultList and taskResult, whatever the wording', () => {
		expect(intentFromResults([{ name: '催缴结果', value: '成功' }, { name: '客户意向等级', value: 'A级(较强)' }])).toBe('A');
		expect(intentFromResults([{ resultName: '客户意向等级', resultValue: 'C级（很少）' }])).toBe('C');
		expect(intentFromResults([{ resultName: '意向', resultValue: 'E级', analyzeType: 'BY_ANALYZE_USER_LEVEL' }])).toBe('E');
		expect(intentFromResults([{ name: '客户关注点', value: 'A户型' }])).toBeNull();
		expect(intentFromResults(undefined)).toBeNull();
	});

	it('prefers the person\'s label, then the vendor\'s letter (resultValueAlias), then the wording', () => {
		const row = { resultName: '客户意向等级', resultValue: 'C级(很少)', resultValueAlias: 'C', resultValueNew: 'C级(明确拒绝)' };
		expect(intentFromResults([{ ...row, artificialResultValue: 'A级(较强)', artificialChanged: 1 }])).toBe('A');
		// an account whose wording carries no letter still yields the alias
		expect(intentFromResults([{ resultName: '客户意向等级', resultValue: '有明确意向', resultValueAlias: 'A', artificialResultValue: null }])).toBe('A');
		expect(intentFromResults([{ ...row, artificialResultValue: null }])).toBe('C');
	});

	it('a manual intent edit names its call by taskResult[].sceneInstanceId only (CallBack.md)', () => {
		const row = { companyId: 1001, resultName: '客户意向等级', resultValue: 'B' };
		expect(normalizeByrobotIntentEdit({ taskResult: [{ ...row, sceneInstanceId: 9001 }] })).toMatchObject({ callId: '9001', intentLevel: 'B' });
		expect(normalizeByrobotIntentEdit({ taskResult: [{ ...row, callInstanceId: 9001 }], callInstanceId: 9001 }).callId).toBeNull();
	});

	it('parses durations given as text ("27秒", "1分5秒") or numbers', () => {
		expect(durationSeconds('27秒')).toBe(27);
		expect(durationSeconds('1分5秒')).toBe(65);
		expect(durationSeconds(87)).toBe(87);
		expect(durationSeconds('')).toBeNull();
	});

	it('labels status codes and keeps unknown ones visible', () => {
		expect(label(FINISH_STATUS_LABELS, 0)).toBe('answered');
		expect(label(FINISH_STATUS_LABELS, 22)).toBe('line blind zone');
		expect(label(TASK_STATUS_LABELS, '4')).toBe('paused by user');
		expect(label(TASK_STATUS_LABELS, 42)).toBe('unknown (42)');
		expect(label(TASK_STATUS_LABELS, null)).toBeNull();
	});

	it('enriches a seed 002 list record', () => {
		const record = { callInstanceId: 493, callJobId: 62, status: 2, finishStatus: 0, duration: '27秒', resultList: [{ name: '客户意向等级', value: 'B级' }] };
		expect(enrichCallListRecord(record)).toEqual({
			...record,
			intentLevel: 'B',
			statusLabel: 'done',
			finishStatusLabel: 'answered',
			durationSeconds: 27,
		});
	});

	it('normalises a seed 002 phoneLogInfo answer (also the CALL_INSTANCE_RESULT callback shape)', () => {
		const detail = {
			phoneLog: {
				phoneLogs: [
					{ speaker: 'AI', content: '哎，您好' },
					{ speaker: 'ME', content: '喂你好' },
				],
				luyinOssUrl: 'https://oss/540.wav',
			},
			sceneInstance: {
				callInstanceId: 540,
				callJobId: 31,
				customerTelephone: '17751279857',
				customerName: '不弃',
				status: 2,
				finishStatus: 0,
				duration: 87,
				chatRound: 18,
				startTime: '2018-01-24 20:51:53',
				endTime: '2018-01-24 20:53:28',
			},
			taskResult: [{ resultName: '客户意向等级', resultValue: 'A级(较强)' }],
		};
		expect(normalizeByrobotCall(detail)).toEqual({
			vendor: 'byrobot',
			callId: '540',
			jobId: '31',
			phone: '17751279857',
			customerName: '不弃',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 87,
			rounds: 18,
			startTime: '2018-01-24T20:51:53+08:00',
			endTime: '2018-01-24T20:53:28+08:00',
			recordingUrl: 'https://oss/540.wav',
			transcript: [
				{ speaker: 'bot', text: '哎，您好' },
				{ speaker: 'customer', text: '喂你好' },
			],
			raw: detail,
		});
	});

	it('maps every finishStatus and a call still waiting', () => {
		expect(normalizeByrobotCall({ finishStatus: 8 }).status).toBe('no_answer');
		expect(normalizeByrobotCall({ finishStatus: 5 }).status).toBe('powered_off');
		expect(normalizeByrobotCall({ finishStatus: 11 }).status).toBe('blacklisted');
		expect(normalizeByrobotCall({ status: 3, finishStatus: null }).status).toBe('pending');
		expect(normalizeByrobotCall({}).status).toBe('unknown');
	});
});
