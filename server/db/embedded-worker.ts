import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, QueryOptions } from '@electric-sql/pglite';
import { EmbeddedStatements } from './embedded-statements';
import { INT8_OID, NUMERIC_OID, toNumber } from './type-parsers';
import { embeddedPostgis } from './postgis-bundle';

/**
 * The embedded engine's own thread (started by embedded-thread.ts): PGlite runs every
 * statement synchronously on the thread that calls it, so here it blocks this thread, not
 * the one answering HTTP. Calls arrive as messages in the order knex sends them on its one
 * connection and are answered by id; rows, fields and error fields cross by structured
 * clone (Date, Uint8Array and numbers survive; the type parsers run here).
 */
export type EmbeddedOpen = { dataDir: string } | { dump: Uint8Array } | { memory: true };
export type EmbeddedCall =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; options?: QueryOptions & { name?: string } }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };
export type EmbeddedReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: EmbeddedErrorFields };
/** An error as plain data: message, name, stack and every cloneable own field (code, constraint, detail, …). */
export type EmbeddedErrorFields = { message: string; name?: string; stack?: string; [field: string]: unknown };

async function open(target: EmbeddedOpen): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  // The package's bundle without raster, topology and the tiger geocoder (postgis-bundle.ts).
  const postgis = await embeddedPostgis((message) => console.log(`Waymark: ${message}`));
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const options = {
    extensions: { postgis, pg_trgm, unaccent },
    parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
  };
  if ('dataDir' in target) return PGlite.create({ ...options, dataDir: path.resolve(target.dataDir) });
  if ('dump' in target) return PGlite.create({ ...options, loadDataDir: new Blob([new Uint8Array(target.dump)]) });
  return PGlite.create(options);
}

function errorFields(err: unknown): EmbeddedErrorFields {
  if (!err || typeof err !== 'object') return { message: String(err) };
  const e = err as Error & Record<string, unknown>;
  const fields: EmbeddedErrorFields = { message: String(e.message), name: e.name, stack: e.stack };
  for (const [key, value] of Object.entries(e)) {
    try {
      fields[key] = structuredClone(value);
    } catch {
      // A field that cannot cross (a function) is left behind; the rest still does.
    }
  }
  return fields;
}

async function serve(port: NonNullable<typeof parentPort>, target: EmbeddedOpen): Promise<void> {
  let pglite: PGlite;
  try {
    pglite = await open(target);
  } catch (err) {
    port.postMessage({ id: 0, ok: false, error: errorFields(err) } satisfies EmbeddedReply);
    return;
  }
  const { protocol, parse } = await import('@electric-sql/pglite');
  const statements = new EmbeddedStatements(pglite, {
    serialize: protocol.serialize,
    parseResults: parse.parseResults,
    parseDescribeStatementResults: parse.parseDescribeStatementResults,
  });
  const run = async (call: EmbeddedCall): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> => {
    if (call.op === 'query') {
      // A query with a name runs as a named prepared statement (embedded-statements.ts).
      if (call.options?.name) {
        const { name, ...rest } = call.options;
        return { value: await statements.query(name, call.sql, call.params, rest) };
      }
      return { value: await pglite.query(call.sql, call.params, call.options) };
    }
    if (call.op === 'dump') {
      const bytes = await ((await pglite.dumpDataDir('gzip')) as Blob).arrayBuffer();
      return { value: bytes, transfer: [bytes] };
    }
    if (!pglite.closed) await pglite.close();
    return { value: null };
  };
  port.on('message', (call: EmbeddedCall) => {
    run(call)
      .then(({ value, transfer }) => port.postMessage({ id: call.id, ok: true, value } satisfies EmbeddedReply, transfer ?? []))
      // Also a result that cannot be cloned: the caller gets an error, never silence.
      .catch((err) => port.postMessage({ id: call.id, ok: false, error: errorFields(err) } satisfies EmbeddedReply));
  });
  port.postMessage({ id: 0, ok: true, value: null } satisfies EmbeddedReply);
}

if (parentPort) void serve(parentPort, (workerData as { target: EmbeddedOpen }).target);
