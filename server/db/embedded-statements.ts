import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';

type Protocol = {
  serialize: typeof import('@electric-sql/pglite').protocol.serialize;
  parseResults: typeof import('@electric-sql/pglite').parse.parseResults;
  parseDescribeStatementResults: typeof import('@electric-sql/pglite').parse.parseDescribeStatementResults;
};

/**
 * Named prepared statements for the embedded engine, as node-postgres gives the server
 * engine for a query with `name` (knex: `.options({ name })`). PGlite's query() parses,
 * plans and describes every statement and calls into the WASM backend six times for it;
 * a hot read (the public listing, the data version, a tile) is parsed once here and then
 * runs as one Bind/Describe/Execute/Sync message. Values are serialised and rows parsed
 * by PGlite's own serialisers and parsers, so the answer is the one query() would give.
 */
export class EmbeddedStatements {
  /** name → its text and parameter types; the texts must not change under a name (node-postgres refuses that too). */
  private readonly prepared = new Map<string, { text: string; paramTypes: number[] }>();

  constructor(private readonly pglite: PGlite, private readonly protocol: Protocol) {}

  async query(name: string, text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results> {
    const known = this.prepared.get(name);
    if (known && known.text !== text) throw new Error(`The prepared statement "${name}" was given a different text`);
    return this.run(known ?? (await this.prepare(name, text)), name, params, options);
  }

  private async prepare(name: string, text: string): Promise<{ text: string; paramTypes: number[] }> {
    const { serialize, parseDescribeStatementResults } = this.protocol;
    const { messages } = await this.pglite.execProtocol(
      Buffer.concat([serialize.parse({ name, text, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const statement = { text, paramTypes: parseDescribeStatementResults(messages) };
    this.prepared.set(name, statement);
    return statement;
  }

  private async run(statement: { paramTypes: number[] }, name: string, params: unknown[], options?: QueryOptions): Promise<Results> {
    const { serialize, parseResults } = this.protocol;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialiser = options?.serializers?.[statement.paramTypes[i]] ?? this.pglite.serializers[statement.paramTypes[i]];
      return serialiser ? serialiser(value) : String(value);
    });
    const { messages } = await this.pglite.execProtocol(
      Buffer.concat([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return parseResults(messages, this.pglite.parsers, options)[0];
  }
}
