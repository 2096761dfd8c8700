/**
 * The WebAssembly JS API, typed. The repo's TS lib (ES2023 + Node types) declares the `WebAssembly`
 * namespace's types but not its value, so the sandbox reaches it through `globalThis` here, once.
 */
export interface WasmImport {
  module: string;
  name: string;
  kind: string;
}

export interface WasmApi {
  compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
  Module: {
    imports(m: WebAssembly.Module): WasmImport[];
    exports(m: WebAssembly.Module): { name: string; kind: string }[];
  };
}

export const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
