import type { Knex } from 'knex';
import type { PublicReads } from '../cache/public-reads';
import { BUFFER, EXTENT, encodePointTile } from './encode';
import { assetPointsIn, assetTileMvt, hasStAsMvt } from './repo';
import { tileBox, type TileId } from './tile-math';

export type TileBuilder = 'st_asmvt' | 'geojson-vt';

/** The asset layer's tile built in Node (geojson-vt + vt-pbf) from the read model's points. */
export async function assetTileInNode(knex: Knex, partnershipId: string, tile: TileId): Promise<Buffer> {
  return encodePointTile('assets', await assetPointsIn(knex, partnershipId, tileBox(tile, BUFFER / EXTENT)), tile);
}

/**
 * The asset tiles of the public map: ST_AsMVT where PostGIS has it, else geojson-vt on the
 * same rows; one cache entry per tile and data version, shared with the listings.
 */
export function assetTiles(knex: Knex, reads: PublicReads) {
  let builder: Promise<TileBuilder> | null = null;
  const whichBuilder = () => (builder ??= hasStAsMvt(knex).then((yes): TileBuilder => (yes ? 'st_asmvt' : 'geojson-vt')));
  return async (tile: TileId): Promise<{ version: number; body: Buffer }> => {
    const version = await reads.version();
    const partnership = await reads.partnership(version);
    const body = await reads.answer(`tile|assets|${tile.z}/${tile.x}/${tile.y}`, version, async () =>
      (await whichBuilder()) === 'st_asmvt' ? assetTileMvt(knex, partnership.id, tile) : assetTileInNode(knex, partnership.id, tile));
    return { version, body };
  };
}
