/** The small part of semver that block versions need: parse, compare, and match a `uses` range. */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release tag (`rc.1`), or '' for a release. */
  pre: string;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '' };
}

export function compareSemver(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  // A release ranks above its pre-releases.
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** A `uses` reference: `http@1` (any 1.x.y), `http@1.2` (any 1.2.x) or `http@1.2.3` (exactly). */
export interface BlockRef {
  name: string;
  major: number;
  minor?: number;
  /** Exact version text when all three parts are given. */
  exact?: string;
}

export function parseBlockRef(uses: string): BlockRef | undefined {
  const at = uses.lastIndexOf('@');
  if (at <= 0) return undefined;
  const name = uses.slice(0, at);
  const range = uses.slice(at + 1);
  const exact = parseSemver(range);
  if (exact) return { name, major: exact.major, minor: exact.minor, exact: range };
  const m = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/.exec(range);
  if (!m) return undefined;
  return m[2] === undefined
    ? { name, major: Number(m[1]) }
    : { name, major: Number(m[1]), minor: Number(m[2]) };
}

/** Whether a version satisfies a reference. Pre-releases only match an exact reference. */
export function matchesRef(version: string, ref: BlockRef): boolean {
  if (ref.exact !== undefined) return version === ref.exact;
  const v = parseSemver(version);
  if (!v || v.pre !== '') return false;
  return v.major === ref.major && (ref.minor === undefined || v.minor === ref.minor);
}
