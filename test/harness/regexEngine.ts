/**
 * n8n evaluates parameter patterns (e.g. a resource locator's "By ID" regex) in a `node:vm`
 * context that is aborted after 250 ms of wall time. A jest worker on a shared two-core machine
 * can pause longer than that (garbage collection, other processes), and the run then fails with
 * "Regular expression execution timed out" although the regex is trivial. The harness installs
 * the same kind of engine, the same regexes in a VM, with a 10 s budget instead.
 */
import * as vm from 'node:vm';
import { setSafeRegexEngine, type RegexEngine } from 'n8n-workflow';

const TIMEOUT_MS = 10_000;

function vmEngine(): RegexEngine {
	const context = { flags: '', input: '', pattern: '', replacement: '', result: undefined as unknown };
	const vmContext = vm.createContext(context);
	const script = (code: string) => new vm.Script(`result = ${code}`);
	const scripts = {
		exec: script('new RegExp(pattern, flags).exec(input)'),
		test: script('new RegExp(pattern, flags).test(input)'),
		replace: script('input.replace(new RegExp(pattern, flags), replacement)'),
		matchAll: script('Array.from(input.matchAll(new RegExp(pattern, flags)))'),
		split: script('input.split(new RegExp(pattern, flags))'),
	};
	const run = <T>(which: keyof typeof scripts, pattern: string, input: string, flags = '', replacement = ''): T => {
		Object.assign(context, { pattern, input, flags, replacement, result: undefined });
		scripts[which].runInContext(vmContext, { timeout: TIMEOUT_MS });
		return context.result as T;
	};
	return {
		exec: (pattern, input, flags) => run('exec', pattern, input, flags),
		test: (pattern, input, flags) => run('test', pattern, input, flags),
		replace: (pattern, input, flags, replacement) => run('replace', pattern, input, flags, replacement),
		matchAll: (pattern, input, flags) => run('matchAll', pattern, input, flags?.includes('g') ? flags : `${flags ?? ''}g`),
		split: (pattern, input, flags) => run('split', pattern, input, flags),
	};
}

setSafeRegexEngine(vmEngine());
