// npm run arch:figures: the architecture's figures, measured from the code's own imports (issue 70),
// so a review quotes a command's output instead of a number typed in by hand:
//   - the doors: for each top-level folder of src/, the files outside it that import its internals
//     (anything but its index.ts or contract.ts) and those that come through the door;
//   - the value-only folder knot: the largest strongly connected component of the folder graph of
//     src/, counting value imports only (not `import type`);
//   - imports running up docs/architecture.md's layers (its "The layers" block);
//   - size: src/'s lines, files over 300 lines, functions over 120 and 150 lines (src/ and web/src);
//   - hand-written API types in web/src: the types a page hands to api/get/post/useApi that are
//     declared in web/src instead of taken from the generated src/client/schema.ts (held at 0 by
//     test/foundation/web-api-types.test.ts).
// `--json` prints them as JSON; `--write` rewrites the generated block of docs/architecture.md
// (between the arch-figures markers) with them. Runs dependency-cruiser (the same options as
// npm run lint:cycles) and the TypeScript compiler API; takes a few seconds.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = process.cwd();
const ARCH = "docs/architecture.md";
export const BEGIN = "<!-- arch-figures:begin (npm run arch:figures -- --write) -->";
export const END = "<!-- arch-figures:end -->";
const DOOR = /^(index|contract)\.ts$/;

/** Every file dependency-cruiser sees under src/ and web/src, with its local imports. */
function cruise() {
  const r = spawnSync(
    process.execPath,
    [
      "--require",
      path.join(ROOT, "scripts/depcruise-accept-ts6.cjs"),
      path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
      "src",
      "web/src",
      "--config",
      ".dependency-cruiser.cjs",
      "--output-type",
      "json",
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  if (!r.stdout) throw new Error(`dependency-cruiser failed: ${r.stderr}`);
  return JSON.parse(r.stdout).modules;
}

/** src/campaigns/x.ts → "campaigns"; src/main.ts → "main.ts"; outside src/ → null. */
export function folderOf(file) {
  const m = /^src\/([^/]+)(\/)?/.exec(file);
  return m ? m[1] : null;
}

/** The import edges between files of src/ (and from web/src into src/): { from, to, typeOnly }. */
function edges(modules) {
  const out = [];
  for (const m of modules) {
    for (const d of m.dependencies) {
      if (d.coreModule || d.couldNotResolve || !/^(src|web\/src)\//.test(d.resolved)) continue;
      const typeOnly = d.dependencyTypes.some((t) => t === "type-only" || t === "type-import");
      out.push({ from: m.source, to: d.resolved, typeOnly });
    }
  }
  return out;
}

/** Per folder of src/: the outside files importing an internal, the internals reached, the door users. */
export function doors(edgeList, folders) {
  const rows = [];
  for (const folder of folders) {
    const prefix = `src/${folder}/`;
    const internalImporters = new Set();
    const internals = new Set();
    const doorImporters = new Set();
    for (const e of edgeList) {
      if (!e.from.startsWith("src/") || e.from.startsWith(prefix) || !e.to.startsWith(prefix)) continue;
      const rest = e.to.slice(prefix.length);
      if (DOOR.test(rest)) doorImporters.add(e.from);
      else {
        internalImporters.add(e.from);
        internals.add(e.to);
      }
    }
    const hasDoor = fs.existsSync(`${prefix}index.ts`) || fs.existsSync(`${prefix}contract.ts`);
    rows.push({
      folder,
      door: hasDoor,
      outsideImportersOfInternals: internalImporters.size,
      internalsReached: internals.size,
      throughTheDoor: [...doorImporters].filter((f) => !internalImporters.has(f)).length,
    });
  }
  return rows;
}

/** Tarjan's strongly connected components of a graph given as Map<node, Set<node>>. */
export function components(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        c.push(w);
      } while (w !== v);
      out.push(c.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => b.length - a.length);
}

/** The folder graph of src/ (an arrow per pair of folders with at least one import between them). */
function folderGraph(edgeList, { valueOnly }) {
  const g = new Map();
  for (const e of edgeList) {
    if (valueOnly && e.typeOnly) continue;
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (!a || !b || a === b) continue;
    if (!g.has(a)) g.set(a, new Set());
    if (!g.has(b)) g.set(b, new Set());
    g.get(a).add(b);
  }
  return g;
}

/** The rows of docs/architecture.md's layers block, top first: folder → row index. */
export function layersOf(text) {
  const block = /## The layers[\s\S]*?```\n([\s\S]*?)```/.exec(text);
  if (!block) return new Map();
  const rows = new Map();
  let row = 0;
  for (const line of block[1].split("\n")) {
    const names = [...line.matchAll(/\bsrc\/([a-z][a-z0-9-]*(?:\.ts)?)/g)].map((m) => m[1]);
    if (names.length === 0) continue;
    // the last row that names a folder places it (src/cli is named by bin/baton.js and as adapters)
    for (const n of names) rows.set(n, row);
    row++;
  }
  return rows;
}

function upward(edgeList, layers) {
  const arrows = new Set();
  let imports = 0;
  const unplaced = new Set();
  for (const e of edgeList) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (!a || !b || a === b) continue;
    if (!layers.has(a)) unplaced.add(a);
    if (!layers.has(b)) unplaced.add(b);
    if (!layers.has(a) || !layers.has(b)) continue;
    if (layers.get(a) > layers.get(b)) {
      arrows.add(`${a} → ${b}`);
      imports++;
    }
  }
  return { arrows: [...arrows].sort(), imports, unplaced: [...unplaced].sort() };
}

function filesUnder(dir, test) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, test) : test(p) ? [p] : [];
  });
}

// generated: src/client/schema.ts (npm run client:generate) is not hand-written code
const isSource = (p) =>
  /\.tsx?$/.test(p) && !/\.test\.tsx?$/.test(p) && !p.endsWith(".d.ts") && p !== "src/client/schema.ts";

/** The workspace's source files (web/src), as the figures read them. */
export const webSources = () => filesUnder("web/src", isSource);

function functionName(node) {
  if (node.name) return node.name.getText();
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)))
    return p.name.getText();
  if (p && ts.isCallExpression(p)) return `${p.expression.getText().slice(0, 40)}(…)`;
  return "(anonymous)";
}

/** Every function of the files (declarations, methods, arrows, expressions) with its line count. */
export function functionLengths(files) {
  const out = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const walk = (node) => {
      if (
        (ts.isFunctionDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isArrowFunction(node) ||
          ts.isFunctionExpression(node) ||
          ts.isConstructorDeclaration(node) ||
          ts.isGetAccessorDeclaration(node) ||
          ts.isSetAccessorDeclaration(node)) &&
        node.body
      ) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        out.push({ file, name: functionName(node), lines: end - start + 1 });
      }
      ts.forEachChild(node, walk);
    };
    walk(sf);
  }
  return out.sort((a, b) => b.lines - a.lines);
}

/** Every function of src/'s hand-written code with its line count, longest first (the size figures' measure). */
export function srcFunctionLengths() {
  return functionLengths(filesUnder("src", isSource));
}

const lineCount = (file) => fs.readFileSync(file, "utf8").split("\n").length;

const API_CALLS = new Set(["api", "get", "post", "put", "patch", "del", "useApi"]);

/**
 * The hand-written API types of web/src: the type arguments of the API calls (api, get, post, put,
 * patch, del, useApi), and the web/src types they name transitively, less those built from the
 * generated schema (a declaration that names `operations`, `components` or `paths`, or one of the
 * helpers of web/src/api-types.ts). An inline object type argument counts as one.
 */
export function handWrittenApiTypes(files) {
  const decls = new Map(); // file → name → declaration
  const imports = new Map(); // file → name → the web/src file it is imported from
  const sources = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    sources.push(sf);
    const own = new Map();
    const imported = new Map();
    ts.forEachChild(sf, (n) => {
      if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) own.set(n.name.text, n);
      if (
        ts.isImportDeclaration(n) &&
        n.importClause?.namedBindings &&
        ts.isNamedImports(n.importClause.namedBindings)
      ) {
        const from = path.normalize(path.join(path.dirname(file), n.moduleSpecifier.text));
        if (!from.startsWith("web/src/")) return;
        for (const el of n.importClause.namedBindings.elements)
          imported.set(el.name.text, { from, name: (el.propertyName ?? el.name).text });
      }
    });
    decls.set(file, own);
    imports.set(file, imported);
  }
  const named = /\b(operations|components|paths|ApiResponse|ApiItem|ApiBody|ApiQuery)\b/;
  // a declaration built from the schema names it, or names a declaration that does (a local helper
  // such as `type Json<K extends keyof operations> = ...` and `type Hot = Json<"listHotSignals">`)
  const schemaMemo = new Map();
  const fromSchema = (node, file = node.getSourceFile().fileName) => {
    if (named.test(node.getText())) return true;
    if (!file) return false;
    for (const ref of names(node)) {
      const [f, n] = resolve(file, ref);
      const key = `${f}:${n}`;
      if (!schemaMemo.has(key)) {
        schemaMemo.set(key, false);
        const decl = decls.get(f)?.get(n);
        schemaMemo.set(key, decl ? fromSchema(decl, f) : false);
      }
      if (schemaMemo.get(key)) return true;
    }
    return false;
  };
  /** The file and name a type name `name` used in `file` is declared by (following web/src imports). */
  const resolve = (file, name) => {
    for (let hops = 0; hops < 5 && !decls.get(file)?.has(name) && imports.get(file)?.has(name); hops++) {
      const to = imports.get(file).get(name);
      file = decls.has(to.from)
        ? to.from
        : ([`${to.from}.ts`, `${to.from}.tsx`].find((f) => decls.has(f)) ?? to.from);
      name = to.name;
    }
    return [file, name];
  };
  const names = (node) => {
    const out = [];
    const walk = (n) => {
      if (ts.isTypeReferenceNode(n)) out.push(n.typeName.getText());
      ts.forEachChild(n, walk);
    };
    walk(node);
    return out;
  };
  const found = new Map(); // key → { file, name }
  const queue = []; // [file, name]
  for (const sf of sources) {
    const walk = (n) => {
      if (
        n.typeArguments &&
        ts.isCallExpression(n) &&
        ts.isIdentifier(n.expression) &&
        API_CALLS.has(n.expression.text)
      ) {
        for (const arg of n.typeArguments) {
          if (fromSchema(arg)) continue;
          if (
            ts.isTypeLiteralNode(arg) ||
            ts.isTypeLiteralNode(ts.isArrayTypeNode(arg) ? arg.elementType : arg)
          ) {
            const line = sf.getLineAndCharacterOfPosition(arg.getStart(sf)).line + 1;
            found.set(`${sf.fileName}:${line}`, { file: sf.fileName, name: `inline at line ${line}` });
          }
          for (const name of names(arg)) queue.push([sf.fileName, name]);
        }
      }
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  const seen = new Set();
  while (queue.length) {
    const [file, name] = resolve(...queue.pop());
    const key = `${file}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = decls.get(file)?.get(name);
    if (!node || fromSchema(node)) continue;
    if (ts.isTypeAliasDeclaration(node) && node.typeParameters) continue; // a generic helper, not a shape
    found.set(key, { file, name });
    for (const n of names(node)) queue.push([file, n]);
  }
  return [...found.values()].sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}

export function measure() {
  const modules = cruise();
  const edgeList = edges(modules);
  const folders = fs
    .readdirSync("src", { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const doorRows = doors(edgeList, folders);
  const campaigns = doorRows.find((r) => r.folder === "campaigns");
  const valueKnot = components(folderGraph(edgeList, { valueOnly: true }))[0] ?? [];
  const allKnot = components(folderGraph(edgeList, { valueOnly: false }))[0] ?? [];
  const layers = layersOf(fs.readFileSync(ARCH, "utf8"));
  const up = upward(edgeList, layers);
  const srcFiles = filesUnder("src", isSource);
  const webFiles = webSources();
  const srcFns = functionLengths(srcFiles);
  const webFns = functionLengths(webFiles);
  const bigFiles = srcFiles
    .map((f) => ({ file: f, lines: lineCount(f) }))
    .filter((f) => f.lines > 300)
    .sort((a, b) => b.lines - a.lines);
  const apiTypes = handWrittenApiTypes(webFiles);
  return {
    campaignsInternals: {
      outsideFiles: campaigns.outsideImportersOfInternals,
      targetFiles: campaigns.internalsReached,
      throughTheDoor: campaigns.throughTheDoor,
    },
    doors: doorRows,
    valueKnot: { folders: valueKnot.length, members: valueKnot },
    knotWithTypes: { folders: allKnot.length },
    upward: { arrows: up.arrows.length, imports: up.imports, list: up.arrows, unplaced: up.unplaced },
    size: {
      srcLines: srcFiles.reduce((n, f) => n + lineCount(f), 0),
      filesOver300: bigFiles.length,
      bigFiles,
      srcFunctionsOver150: srcFns.filter((f) => f.lines > 150),
      srcFunctionsOver120: srcFns.filter((f) => f.lines > 120),
      webFunctionsOver120: webFns.filter((f) => f.lines > 120),
    },
    handWrittenApiTypes: apiTypes,
  };
}

/** When and on what the figures were measured: the date and the commit the tree is based on. */
function stamp() {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], {
    cwd: ROOT,
    encoding: "utf8",
  }).stdout.trim();
  return `on ${new Date().toISOString().slice(0, 10)}${head ? ` on a tree based on ${head}` : ""}`;
}

/** The short block docs/architecture.md carries between its markers. */
export function block(f) {
  const top = f.doors
    .filter((r) => r.outsideImportersOfInternals > 0)
    .sort((a, b) => b.outsideImportersOfInternals - a.outsideImportersOfInternals);
  return [
    BEGIN,
    `Figures from \`npm run arch:figures\` (\`scripts/architecture-figures.mjs\`), measured ${stamp()}; regenerate this block with \`npm run arch:figures -- --write\`:`,
    "",
    `- the value-only folder knot (the largest cycle of folders, \`import type\` not counted): ${f.valueKnot.folders} folders (${f.valueKnot.members.join(", ")}); ${f.knotWithTypes.folders} counting type imports;`,
    `- imports running up the layers above: ${f.upward.imports} imports along ${f.upward.arrows} folder arrows;`,
    `- files outside a folder importing its internals (not its \`index.ts\` or \`contract.ts\`): ${top.map((r) => `${r.folder} ${r.outsideImportersOfInternals}`).join(", ")};`,
    `- size of src/: ${f.size.srcLines} lines, ${f.size.filesOver300} files over 300 lines, ${f.size.srcFunctionsOver150.length} functions over 150 lines and ${f.size.srcFunctionsOver120.length} over 120;`,
    `- hand-written API types in web/src: ${f.handWrittenApiTypes.length}.`,
    END,
  ].join("\n");
}

function print(f) {
  const out = [];
  const c = f.campaignsInternals;
  out.push(
    `campaigns/ internals imported from outside: ${c.outsideFiles} files reach ${c.targetFiles} of its files (${c.throughTheDoor} more come only through index.ts/contract.ts)`,
  );
  out.push("", "doors (files outside each folder of src/):");
  out.push(`  ${"folder".padEnd(16)} door  internals-importers  internals-reached  through-the-door`);
  for (const r of f.doors)
    out.push(
      `  ${r.folder.padEnd(16)} ${(r.door ? "yes" : "no").padEnd(5)} ${String(r.outsideImportersOfInternals).padStart(19)}  ${String(r.internalsReached).padStart(17)}  ${String(r.throughTheDoor).padStart(16)}`,
    );
  out.push(
    "",
    `value-only folder knot: ${f.valueKnot.folders} folders (${f.valueKnot.members.join(", ")})`,
    `folder knot counting type imports: ${f.knotWithTypes.folders} folders`,
    "",
    `imports running up docs/architecture.md's layers: ${f.upward.imports} imports, ${f.upward.arrows} folder arrows`,
    ...f.upward.list.map((a) => `  ${a}`),
  );
  if (f.upward.unplaced.length)
    out.push(`  folders the layers do not place: ${f.upward.unplaced.join(", ")}`);
  const s = f.size;
  out.push("", `src/: ${s.srcLines} lines; files over 300 lines: ${s.filesOver300}`);
  for (const b of s.bigFiles) out.push(`  ${b.lines}  ${b.file}`);
  out.push(
    `functions over 150 lines in src/: ${s.srcFunctionsOver150.length}; over 120: ${s.srcFunctionsOver120.length}`,
  );
  for (const fn of s.srcFunctionsOver120) out.push(`  ${fn.lines}  ${fn.name}  ${fn.file}`);
  out.push(`functions over 120 lines in web/src: ${s.webFunctionsOver120.length}`);
  for (const fn of s.webFunctionsOver120) out.push(`  ${fn.lines}  ${fn.name}  ${fn.file}`);
  out.push("", `hand-written API types in web/src: ${f.handWrittenApiTypes.length}`);
  for (const t of f.handWrittenApiTypes) out.push(`  ${t.name}  ${t.file}`);
  return out.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = measure();
  const args = process.argv.slice(2);
  if (args.includes("--json")) console.log(JSON.stringify(f, null, 2));
  else console.log(print(f));
  if (args.includes("--write")) {
    const text = fs.readFileSync(ARCH, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${ARCH} has no ${BEGIN} … ${END} block`);
    fs.writeFileSync(ARCH, text.slice(0, start) + block(f) + text.slice(end + END.length));
    console.log(`\nwrote the figures block of ${ARCH}`);
  }
}
