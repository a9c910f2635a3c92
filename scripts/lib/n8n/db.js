'use strict';
/**
 * The database every n8n process of a run shares, as the environment variables n8n reads.
 * SQLite (n8n's default, one file in the user folder) is all a single `n8n start` needs; queue
 * mode (main + workers + webhook processes) needs a server database: `postgres(server)` describes
 * one started by postgres.js, in the same shape.
 *
 * Results are read through the REST API of the running main process (executions.js), not from
 * the database: the API decodes n8n's storage format and works the same for every database.
 */
const path = require('path');

/**
 * @param {string} userFolder
 * @returns {{kind: 'sqlite', file: string, env: Record<string, string>}}
 */
function sqlite(userFolder) {
	return {
		kind: 'sqlite',
		file: path.join(userFolder, '.n8n', 'database.sqlite'),
		env: { DB_TYPE: 'sqlite' },
	};
}

/**
 * n8n's PostgreSQL connection settings for a busy machine. n8n 2.41's defaults are a pool of 2
 * connections per process and a health ping that must get a connection within 5 s; 3 failed pings
 * make the process drop and rebuild its connection, failing every query in flight ("Driver not
 * Connected"). A burst of callbacks holds both connections longer than that on a starved
 * machine, so each process gets a pool of 10, and the ping and connection waits are generous.
 */
const POSTGRES_TUNING = {
	DB_POSTGRESDB_POOL_SIZE: '10',
	DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
	DB_PING_TIMEOUT_MS: '60000',
	DB_PING_MAX_FAILURES_BEFORE_RECOVERY: '10',
	DB_CONNECTION_ACQUISITION_TIMEOUT_MS: '120000',
};

/**
 * @param {{host: string, port: number, user: string, password: string, database: string}} server
 * @returns {{kind: 'postgres', server: object, env: Record<string, string>}}
 */
function postgres(server) {
	return {
		kind: 'postgres',
		server,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: server.host,
			DB_POSTGRESDB_PORT: String(server.port),
			DB_POSTGRESDB_DATABASE: server.database,
			DB_POSTGRESDB_USER: server.user,
			DB_POSTGRESDB_PASSWORD: server.password,
			...POSTGRES_TUNING,
		},
	};
}

module.exports = { sqlite, postgres, POSTGRES_TUNING };
