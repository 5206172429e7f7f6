// What a process compiles once and every app it builds shares (json-validator.ts validatorPool,
// lazy-compilers.ts lazySerializerFactory): one value per key, made on first need. A process builds
// its apps over one set of shared schemas; the bound keeps a stray key from growing the pool.
const BOUND = 8;

export function pooled<T>(pools: Map<string, T>, key: string, make: () => T): T {
  let value = pools.get(key);
  if (value === undefined) {
    value = make();
    if (pools.size >= BOUND) pools.clear();
    pools.set(key, value);
  }
  return value;
}
