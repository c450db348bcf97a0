"use strict";
/**
 * The pack's entry point (package.json "main"). The Pulumi CLI starts a TypeScript pack under
 * ts-node with type checking, which rebuilds the TypeScript program for every file it loads:
 * about 50 ms a file, enough to double the start-up of a pack of one-policy files on every
 * preview. This pack is type-checked by its tests (`tsc --noEmit -p policypack`), so at run time
 * its files are only stripped of their types, by sucrase, which does that in about 3 ms a file.
 */
const fs = require("fs");
const { transform } = require("sucrase");

require.extensions[".ts"] = function stripTypes(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const { code } = transform(source, {
        transforms: ["typescript", "imports"],
        filePath: filename,
        production: true,
    });
    module._compile(code, filename);
};

require("./index.ts");
