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
		},
	};
}

module.exports = { sqlite, postgres };
