/** The block registry's procedures, typed from the server's AppRouter (`blocks.*`). */
import { createClient, type ApiClient } from '../../api/client';

let client: ApiClient | undefined;
const api = (): ApiClient => (client ??= createClient());

export type BlockList = Awaited<ReturnType<ApiClient['blocks']['list']['query']>>;
export type BlockRow = BlockList['blocks'][number];
export type BlockPreview = Awaited<ReturnType<ApiClient['blocks']['inspect']['mutate']>>;

export const blocksApi = {
  list: (): Promise<BlockList> => api().blocks.list.query(),
  inspect: (archive: string, source: string): Promise<BlockPreview> =>
    api().blocks.inspect.mutate({ archive, source }),
  install: (archive: string, source: string) => api().blocks.install.mutate({ archive, source }),
  remove: (name: string, version: string) => api().blocks.remove.mutate({ name, version }),
  verify: () => api().blocks.verify.mutate(),
};

/** A file's bytes as base64 (the archive travels as text over tRPC). */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export const mib = (n: number | undefined): string =>
  n === undefined ? 'default' : `${(n / 1048576).toFixed(n % 1048576 === 0 ? 0 : 1)} MiB`;
export const ms = (n: number | undefined): string => (n === undefined ? 'default' : `${n / 1000} s`);
