import type { SecretResolver } from '@weft/engine';

/**
 * Secrets of a local `weft run`: `secrets.NAME` is read from `WEFT_SECRET_NAME` (names are also
 * tried upper-cased with `-`/`.` turned into `_`, so `secrets.github-token` reads
 * `WEFT_SECRET_GITHUB_TOKEN`).
 */
export function envSecrets(env: Record<string, string | undefined>): SecretResolver {
  return {
    async get(name) {
      return (
        env[`WEFT_SECRET_${name}`] ?? env[`WEFT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`]
      );
    },
  };
}
