"use strict";
/**
 * The pack's entry point (package.json "main"). The Pulumi CLI starts a TypeScript pack under
 * ts-node with type checking, which rebuilds the TypeScript program for every file it loads:
 * about 50 ms a file, enough to double the start-up of a pack of one-policy files on every
 * preview. This pack is type-checked by its tests (`tsc --noEmit -p policypack`), so at run time
 * its files are only stripped of their types, by sucrase, and the result is kept in
 * node_modules/.cache (keyed by the source's hash) so that later starts skip even that.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "node_modules", ".cache", "policypack-sucrase");
const OPTIONS = { transforms: ["typescript", "imports"], production: true };

// A new sucrase or new options make new output: both are part of every cache key.
const CACHE_KEY = `${require("sucrase/package.json").version} ${JSON.stringify(OPTIONS)}`;

let transform;

function stripTypes(source, filename) {
    transform = transform || require("sucrase").transform;
    return transform(source, { ...OPTIONS, filePath: filename }).code;
}

function cached(source, filename) {
    const hash = crypto
        .createHash("sha256")
        .update(CACHE_KEY)
        .update("\0")
        .update(filename)
        .update("\0")
        .update(source)
        .digest("hex");
    const file = path.join(CACHE_DIR, `${hash}.js`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        // Not cached yet.
    }
    const code = stripTypes(source, filename);
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, code);
        fs.renameSync(temporary, file);
    } catch {
        // A read-only install still works, only without the cache.
    }
    return code;
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(cached(fs.readFileSync(filename, "utf8"), filename), filename);
};

require("./index.ts");
