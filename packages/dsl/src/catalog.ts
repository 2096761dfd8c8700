/**
 * The block catalog that validation (and the studio palette) reads from.
 * Built-ins (dsl-v1 §7) are registered by `builtinCatalog()`; WASM blocks come
 * from `blocks/<name>/block.yaml` manifests through the same interface (packages/sandbox).
 */

/** A JSON Schema object (draft 2020-12 subset as used by block manifests). */
export type JsonSchema = Record<string, unknown>;

export interface BlockInfo {
  /** `http`, `csv`, … or a built-in name like `if`. */
  name: string;
  /** Semver of a WASM block; `builtin` for built-ins. */
  version: string;
  title: string;
  description: string;
  category: string;
  icon: string;
  builtin: boolean;
  /** JSON Schema of `with`. */
  inputs: JsonSchema;
  /** JSON Schema of the output, when known. */
  output?: JsonSchema;
  /**
   * Named ports. `undefined` means the block has no ports (needs may not name one).
   * For `switch` the ports depend on the step: use `portsOf()`.
   */
  ports?: readonly string[];
  capabilities?: { network?: boolean; sql?: boolean; storage?: boolean };
}

export interface BlockCatalog {
  /** Resolve a `uses` value (`http@1`, `http@1.2.0`, `if`) to a block, or undefined. */
  resolve(uses: string): BlockInfo | undefined;
  /** Every block, for palettes and docs (latest version of each name). */
  list(): readonly BlockInfo[];
}
