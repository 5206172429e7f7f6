// Preloaded by npm run lint:cycles (node --require): dependency-cruiser 16 accepts TypeScript < 6
// only, and without an accepted TypeScript it skips every .ts file (and then finds nothing).
// TypeScript 6's parser API (createSourceFile and the AST it walks) is the one it uses from 5, so
// this lets it see TypeScript 6 as in range. Drop it with dependency-cruiser >= 17.3, which
// supports TypeScript 6 (then lint:cycles is `depcruise src --config .dependency-cruiser.cjs`).
const Module = require("node:module");

const load = Module._load;
Module._load = function (request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (request === "typescript/package.json" && /^6\./.test(loaded.version)) {
    return { ...loaded, version: "5.99.0" };
  }
  return loaded;
};
