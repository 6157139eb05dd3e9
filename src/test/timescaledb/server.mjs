// A TimescaleDB for the integration tests: PGlite (PostgreSQL 17 in WASM) with the TimescaleDB extension, served
// over the PostgreSQL wire protocol on loopback. In memory: every start is an empty database.
// Usage: node server.mjs [port]   (or TIDEMARK_TIMESCALE_PORT); prints "ready" once it accepts connections.
import { PGlite } from '@electric-sql/pglite';
import { timescaledb } from '@electric-sql/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const port = Number(process.argv[2] ?? process.env.TIDEMARK_TIMESCALE_PORT ?? 55432);

const db = await PGlite.create({ dataDir: 'memory://', extensions: { timescaledb } });
await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
// the JDBC driver logs in as postgres/postgres; PGlite accepts any password
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port });
await server.start();
console.log(`ready on 127.0.0.1:${port}`);

let stopping = false;
async function stop(signal) {
	if (stopping) {
		return;
	}
	stopping = true;
	console.log(`stopping (${signal})`);
	try {
		await server.stop();
		await db.close();
	}
	finally {
		process.exit(0);
	}
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
