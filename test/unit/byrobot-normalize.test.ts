import { durationSeconds, enrichCallListRecord, intentFromResults, normalizeByrobotCall } from '../../nodes/Byrobot/normalize';
import { FINISH_STATUS_LABELS, TASK_STATUS_LABELS, label } from '../../nodes/Byrobot/options';

describe('Byrobot normalisers', () => {
	it('reads the intent letter from resultList and taskResult, whatever the wording', () => {
		expect(intentFromResults([{ name: '催缴结果', value: '成功' }, { name: '客户意向等级', value: 'A级(较强)' }])).toBe('A');
		expect(intentFromResults([{ resultName: '客户意向等级', resultValue: 'C级（很少）' }])).toBe('C');
		expect(intentFromResults([{ resultName: '意向', resultValue: 'E级', analyzeType: 'BY_ANALYZE_USER_LEVEL' }])).toBe('E');
		expect(intentFromResults([{ name: '客户关注点', value: 'A户型' }])).toBeNull();
		expect(intentFromResults(undefined)).toBeNull();
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
