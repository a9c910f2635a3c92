/** The file type of a downloaded recording: the host's Content-Type when it names audio, else the link's extension. */
import { recordingFileType } from '../../../nodes/core/recording';

const url = (path: string) => new URL(`https://bucket.oss-cn-hangzhou.aliyuncs.com${path}?Expires=1&Signature=x`);

describe('recordingFileType', () => {
	it.each([
		['audio/wav', '/a/b.wav', 'audio/wav', 'wav'],
		['audio/x-wav; charset=binary', '/a/b', 'audio/x-wav', 'wav'],
		['audio/mpeg', '/RobotPhoneCommunicate/493.mp3', 'audio/mpeg', 'mp3'],
		['application/octet-stream', '/RobotPhoneCommunicate/489.mp3', 'audio/mpeg', 'mp3'],
		[undefined, '/DialogueRecording/ai_user.wav', 'audio/wav', 'wav'],
		['audio/flac', '/x/y.flac', 'audio/flac', 'flac'],
		['application/octet-stream', '/x/y', 'application/octet-stream', 'bin'],
	])('%s + %s → %s, .%s', (contentType, path, mimeType, extension) => {
		expect(recordingFileType(contentType, url(path))).toEqual({ mimeType, extension });
	});
});
