import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { ROOT, runTool } from "../../cli/tool-process";

function preview(args: string[]) {
    return runTool("preview", args);
}

describe("the offline preview command", function () {
    this.timeout(180000);

    for (const stack of ["dev", "prod"]) {
        describe(`of the ${stack} stack`, () => {
            let out: string;
            let run: ReturnType<typeof preview>;
            let summary: any;

            before(() => {
                out = fs.mkdtempSync(path.join(os.tmpdir(), `preview-${stack}-`));
                run = preview(["--stack", stack, "--json", "--out", out]);
                summary = JSON.parse(run.stdout);
            });

            it("exits 0: no mandatory policy violation", () => {
                assert.strictEqual(
                    run.status,
                    0,
                    run.stderr + JSON.stringify(summary.violations, null, 2),
                );
                assert.ok(summary.violations.every((v: any) => v.enforcementLevel !== "mandatory"));
            });

            it("reports the resource tree, the count per type and the longest dependency chain", () => {
                assert.ok(summary.resources.length > 10);
                assert.strictEqual(summary.resources[0].type, "pulumi:pulumi:Stack");
                assert.strictEqual(summary.countsByType["kubernetes:core/v1:Namespace"] >= 1, true);
                assert.ok(summary.longestDependencyChain.length >= 2);
                assert.strictEqual(
                    summary.longestDependencyChain.urns.length,
                    summary.longestDependencyChain.length,
                );
            });

            it("exports the tenant's namespace for app teams", () => {
                assert.strictEqual(summary.outputs.tenants["ohlcv-rag"].namespace, "ohlcv-system");
            });

            it("ran the policy pack over the analyzer protocol", () => {
                assert.strictEqual(summary.policyPack.name, "container-security-baseline");
                assert.ok(summary.policyPack.policies >= 19);
            });

            it("writes resources.json with every resource's URN, type, parent, dependencies, provider, protect and inputs", () => {
                const written = JSON.parse(
                    fs.readFileSync(path.join(out, "resources.json"), "utf8"),
                );
                assert.strictEqual(written.resources.length, summary.resources.length);
                for (const r of written.resources) {
                    for (const key of [
                        "urn",
                        "type",
                        "name",
                        "parent",
                        "dependencies",
                        "provider",
                        "protect",
                        "inputs",
                    ]) {
                        assert.ok(key in r, `${r.urn} lacks ${key}`);
                    }
                }
            });

            it("writes each Kubernetes object as YAML under manifests/", () => {
                const files: string[] = [];
                const walk = (d: string) =>
                    fs.readdirSync(d).forEach((f) => {
                        const p = path.join(d, f);
                        if (fs.statSync(p).isDirectory()) {
                            walk(p);
                        } else {
                            files.push(p);
                        }
                    });
                walk(path.join(out, "manifests"));
                assert.ok(
                    files.some((f) => f.endsWith("namespace-ohlcv-system.yaml")),
                    files.join("\n"),
                );
                assert.ok(files.every((f) => f.endsWith(".yaml")));
            });
        });
    }

    it("stops on a config error with one message naming the key, and exit code 2", () => {
        const bad = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "bad-config-")),
            "Pulumi.dev.yaml",
        );
        fs.writeFileSync(
            bad,
            fs
                .readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")
                .replace("namespace: ohlcv-system", "namespace: OHLCV_system"),
        );
        const run = preview(["--stack", "dev", "--config-file", bad, "--skip-policy"]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /tenants\[0\]\.namespace/);
        assert.match(run.stderr, /OHLCV_system/);
        assert.doesNotMatch(run.stderr, /\n\s+at /);
        assert.strictEqual(run.stdout, "");
    });

    it("names the missing stack file and the stacks there are", () => {
        const run = preview(["--stack", "staging", "--skip-policy"]);
        assert.strictEqual(run.status, 2);
        assert.match(
            run.stderr,
            /Pulumi\.staging\.yaml does not exist; stacks of this project: dev, prod/,
        );
    });

    it("prints and writes no secret value in clear", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "secret-"));
        const program = path.join(__dirname, "programs", "secret-output");
        const run = preview([
            "--stack",
            "test",
            "--program",
            program,
            "--skip-policy",
            "--out",
            out,
        ]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /leaked: "\[secret\]"/);
        const written = [run.stdout, run.stderr];
        const walk = (d: string) =>
            fs.readdirSync(d).forEach((f) => {
                const p = path.join(d, f);
                if (fs.statSync(p).isDirectory()) {
                    walk(p);
                } else {
                    written.push(fs.readFileSync(p, "utf8"));
                }
            });
        walk(out);
        assert.ok(written.length >= 4);
        for (const text of written) {
            assert.doesNotMatch(text, /s3cr3t-token-value/);
        }
    });

    it("names the stack whose outputs a stack reference needs, with exit code 2", () => {
        const run = preview([
            "--stack",
            "dev",
            "--program",
            path.join(ROOT, "examples", "ohlcv-rag-app"),
        ]);
        assert.strictEqual(run.status, 2, run.stderr);
        assert.match(
            run.stderr,
            /reads the outputs of "organization\/security-baseline\/dev".*--stack-outputs FILE/,
        );
        assert.doesNotMatch(run.stderr, /\n\s+at /);
    });

    it("says so when --out names a file, not a folder", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "out-file-")), "taken");
        fs.writeFileSync(file, "");
        const run = preview(["--stack", "dev", "--skip-policy", "--out", file]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /--out .*taken: cannot write there/);
    });
});
