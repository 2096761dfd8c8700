// Weft's host functions (packages/sandbox/ABI.md). Kept alone in this file: the `@external`
// decorator on a function is AssemblyScript syntax that Prettier's TypeScript parser rejects.

// @ts-ignore: decorator
@external('extism:host/user', 'weft_http')
export declare function weft_http(request: u64): u64;

// @ts-ignore: decorator
@external('extism:host/user', 'weft_sql')
export declare function weft_sql(request: u64): u64;

// @ts-ignore: decorator
@external('extism:host/user', 'weft_storage')
export declare function weft_storage(request: u64): u64;

// @ts-ignore: decorator
@external('extism:host/user', 'weft_tz')
export declare function weft_tz(request: u64): u64;
