// @ts-check
/**
 * Lint for the program, the pack, the tools and the tests. TypeScript files are linted with type
 * information (each file against its nearest tsconfig.json: the pack's own, or the root's) so
 * that promises nobody awaits and Pulumi outputs used as strings are caught.
 */
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

/** The globals of a CommonJS module under Node. */
const nodeCommonJsGlobals = {
    require: "readonly",
    module: "writable",
    exports: "writable",
    __dirname: "readonly",
    __filename: "readonly",
    process: "readonly",
    console: "readonly",
};

export default defineConfig(
    globalIgnores(["**/node_modules/", "out/", "bin/", ".bench/"]),
    js.configs.recommended,
    {
        files: ["**/*.ts"],
        extends: [tseslint.configs.recommended],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            // The plugin's two rules: an Output in a plain template literal renders as a
            // warning text instead of its value; pulumi.interpolate is the way.
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // A resource or output promise nobody awaits loses its error, and a promise
            // passed where a callback's result is ignored runs unobserved.
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/await-thenable": "error",
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    destructuredArrayIgnorePattern: "^_",
                    ignoreRestSiblings: true,
                },
            ],
        },
    },
    {
        // The tools handle the SDK's untyped gRPC requests and wire-form values, and pod
        // templates are raw Kubernetes objects of any shape: `any` is their honest type.
        files: ["cli/**/*.ts", "policypack/pod-templates.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // Tests read recorded wire-form inputs, which have no static type.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs", globals: nodeCommonJsGlobals },
    },
);
