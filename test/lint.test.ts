import * as assert from "assert";
import { ESLint } from "eslint";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/** A file name for linted snippets: not on disk, so linted against the default project. */
const SNIPPET = "lint-snippet.ts";

/** One linter for every snippet: its project service is built once. */
const linter = new ESLint({
    cwd: ROOT,
    overrideConfig: {
        languageOptions: {
            parserOptions: {
                projectService: { allowDefaultProject: [SNIPPET] },
            },
        },
    },
});

async function rulesBroken(code: string): Promise<string[]> {
    const [result] = await linter.lintText(code, { filePath: path.join(ROOT, SNIPPET) });
    return result.messages.map((m) => m.ruleId ?? m.message);
}

describe("the lint config", function () {
    this.timeout(120000);

    it("ignores installed packages, previews and build output", async () => {
        const eslint = new ESLint({ cwd: ROOT });
        for (const file of [
            "node_modules/@pulumi/pulumi/index.js",
            "policypack/node_modules/x/index.js",
            "out/dev/resources.ts",
            "bin/index.js",
        ]) {
            assert.ok(await eslint.isPathIgnored(path.join(ROOT, file)), file);
        }
    });

    it("flags a Pulumi output in a plain template literal", async () => {
        const broken = await rulesBroken(
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'const name = pulumi.output("ohlcv-rag");',
                "export const label = `app: ${name}`;",
            ].join("\n"),
        );
        assert.deepStrictEqual(broken, ["@pulumi/no-output-in-template-literal"]);
    });

    it("accepts a Pulumi output in pulumi.interpolate", async () => {
        const broken = await rulesBroken(
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'const name = pulumi.output("ohlcv-rag");',
                "export const label = pulumi.interpolate`app: ${name}`;",
            ].join("\n"),
        );
        assert.deepStrictEqual(broken, []);
    });

    it("flags a promise nobody awaits", async () => {
        const broken = await rulesBroken(
            ["async function settle(): Promise<void> {}", "settle();", "export {};"].join("\n"),
        );
        assert.deepStrictEqual(broken, ["@typescript-eslint/no-floating-promises"]);
    });
});
