/** A block archive as the registry takes it, and its limits as the table shows them. */

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
