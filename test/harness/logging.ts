/**
 * Every log line written by the engine (n8n-workflow `LoggerProxy`) or by a node (`this.logger`,
 * n8n's DI `Logger`) is recorded here; runs return the lines logged while they ran.
 */
import './env';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';
import type { Logger as WorkflowLogger } from 'n8n-workflow';

const capturedLogs: string[] = [];

function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, v: unknown) => {
			if (v instanceof Error) {
				return { name: v.name, message: v.message, stack: v.stack, ...(v as object) };
			}
			if (typeof v === 'bigint') return v.toString();
			if (typeof v === 'object' && v !== null) {
				if (seen.has(v)) return '[Circular]';
				seen.add(v);
			}
			return v;
		});
	} catch (error) {
		return `[unserializable: ${(error as Error).message}]`;
	}
}

function record(level: string, message: unknown, meta?: unknown): void {
	const text = typeof message === 'string' ? message : safeStringify(message);
	capturedLogs.push(meta === undefined ? `${level}: ${text}` : `${level}: ${text} ${safeStringify(meta)}`);
}

/** A logger that satisfies both n8n-workflow's `Logger` and @n8n/backend-common's `Logger`. */
const recordingLogger = {
	error: (message: string, meta?: unknown) => record('error', message, meta),
	warn: (message: string, meta?: unknown) => record('warn', message, meta),
	info: (message: string, meta?: unknown) => record('info', message, meta),
	debug: (message: string, meta?: unknown) => record('debug', message, meta),
	scoped() {
		return recordingLogger;
	},
	getInternalLogger() {
		return recordingLogger;
	},
};

let loggingInstalled = false;
export function installLogging(): void {
	if (loggingInstalled) return;
	loggingInstalled = true;
	LoggerProxy.init(recordingLogger as unknown as WorkflowLogger);
	Container.set(Logger, recordingLogger as unknown as Logger);
}

/** Every line logged since the harness was loaded (in this jest worker / test file). */
export function allLogs(): string[] {
	return [...capturedLogs];
}

/** Forget the logs recorded so far. */
export function clearLogs(): void {
	capturedLogs.length = 0;
}

/** Installs the recording logger (once) and marks where this run's lines begin. */
export function startLogCapture(): number {
	installLogging();
	return capturedLogs.length;
}

/** The lines logged since `mark`. */
export function logsSince(mark: number): string[] {
	return capturedLogs.slice(mark);
}
