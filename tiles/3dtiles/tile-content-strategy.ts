import type { MeshBuffer } from '../../core/geometry/index.js';
import type { MetadataClassDefinition, PropertyTableBuilder } from './property-table.js';

/**
 * How one kind of feature becomes tile content: full geometry in leaves, and a bounded coarse summary (merged blocks,
 * the most important features...) that parents draw so a whole city streams without loading every feature.
 * `C` is the coarse summary; it must stay bounded in size whatever the number of features below it.
 */
export interface TileContentStrategy<F, C> {
  /** Property table class of the tileset's features. */
  readonly metadataClass: MetadataClassDefinition;
  /** Linear RGBA material colour. */
  readonly baseColor: readonly [number, number, number, number];
  /** Features per leaf that keep a tile under about 1 MB. */
  readonly maxFeaturesPerTile: number;
  /** Whether meshes carry per-vertex colours. */
  readonly withColors: boolean;
  /** Adds a feature's full geometry and its row; the row index is the feature id. */
  writeFull(feature: F, mesh: MeshBuffer, table: PropertyTableBuilder): void;
  /** Summarises the features of a leaf for the coarser levels above it. */
  summarize(features: readonly F[]): C;
  /**
   * Merges children's summaries into the summary of a tile whose cell has edge `cellSizeM` metres (the summary
   * must shrink as cells grow, so a root over a million features stays small).
   */
  merge(parts: readonly C[], cellSizeM: number): C;
  /** Adds a summary's simplified geometry and rows. */
  writeCoarse(summary: C, mesh: MeshBuffer, table: PropertyTableBuilder): void;
}
