import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { scan } from "../../cli/scan";

import { ROOT, runTool } from "../../cli/tool-process";

const MANIFESTS = path.join(__dirname, "manifests");
const PACK = path.join(ROOT, "policypack");

function manifest(name: string): string {
    return path.join(MANIFESTS, name);
}

describe("scan through the analyzer protocol", function () {
    this.timeout(120000);

    it("reports a privileged container of a Deployment as a mandatory pss-privileged violation", async () => {
        const result = await scan({
            paths: [manifest("privileged-deployment.yaml")],
            only: "pss-",
            json: true,
            packDir: PACK,
        });
        const privileged = result.violations.filter((v) => v.policyName === "pss-privileged");
        assert.strictEqual(privileged.length, 1);
        assert.strictEqual(privileged[0].enforcementLevel, "mandatory");
        assert.strictEqual(privileged[0].file, manifest("privileged-deployment.yaml"));
        assert.match(privileged[0].message, /privileged-app/);
        assert.match(privileged[0].message, /privileged/);
    });

    it("keeps only the policies whose names start with the --only prefix", async () => {
        const result = await scan({
            paths: [manifest("privileged-deployment.yaml")],
            only: "pss-",
            json: true,
            packDir: PACK,
        });
        assert.ok(result.violations.length > 0);
        assert.ok(result.violations.every((v) => v.policyName.startsWith("pss-")));
    });

    it("reads every document of a multi-document file", async () => {
        const result = await scan({
            paths: [manifest("two-documents.yaml")],
            only: "pss-host-namespaces",
            json: true,
            packDir: PACK,
        });
        assert.deepStrictEqual(
            result.objects.map((o) => o.type),
            ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:Pod"],
        );
        assert.deepStrictEqual(
            result.violations.map((v) => v.resourceName),
            ["team-a/host-network-pod"],
        );
    });

    it("names a file that is not YAML or not a Kubernetes object and still checks the others", async () => {
        const result = await scan({
            paths: [
                manifest("not-yaml.yaml"),
                manifest("not-kubernetes.yaml"),
                manifest("privileged-deployment.yaml"),
            ],
            only: "pss-privileged",
            json: true,
            packDir: PACK,
        });
        assert.deepStrictEqual(
            result.fileErrors.map((e) => path.basename(e.file)),
            ["not-yaml.yaml", "not-kubernetes.yaml"],
        );
        assert.match(
            result.fileErrors.find((e) => e.file.endsWith("not-kubernetes.yaml"))!.message,
            /not a Kubernetes object/,
        );
        assert.strictEqual(result.violations.length, 1);
    });

    it("prints one JSON record per violation and exits non-zero on a mandatory one", () => {
        const run = runTool("scan", [
            "--json",
            "--only",
            "pss-privileged",
            manifest("privileged-deployment.yaml"),
        ]);
        assert.strictEqual(run.status, 1, run.stderr);
        const records = JSON.parse(run.stdout);
        assert.deepStrictEqual(Object.keys(records[0]).sort(), [
            "enforcementLevel",
            "file",
            "kind",
            "message",
            "name",
            "policy",
        ]);
        assert.strictEqual(records[0].kind, "Deployment");
        assert.strictEqual(records[0].policy, "pss-privileged");
    });

    it("exits 2 with a usage message when no file is given", () => {
        const run = runTool("scan", []);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /no manifest file or folder given/);
        assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/);
    });

    describe("with broken input", () => {
        let dir: string;
        const privilegedPod = [
            "apiVersion: v1",
            "kind: Pod",
            "metadata: {name: privileged, namespace: team-a}",
            "spec:",
            "  containers:",
            "    - {name: app, image: ghcr.io/ohlcv/app:1, securityContext: {privileged: true}}",
        ].join("\n");

        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-broken-"));
            fs.writeFileSync(
                path.join(dir, "alias.yaml"),
                "apiVersion: v1\nkind: ConfigMap\ndata: {a: *nowhere}\n",
            );
            const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
            for (let i = 1; i < 9; i++) {
                const prev = String.fromCharCode(96 + i);
                const next = String.fromCharCode(97 + i);
                bomb.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(", ")}]`);
            }
            fs.writeFileSync(path.join(dir, "bomb.yaml"), bomb.join("\n") + "\n");
            fs.writeFileSync(
                path.join(dir, "mixed.yaml"),
                `${privilegedPod}\n---\napiVersion: 5\nkind: Pod\n`,
            );
            fs.symlinkSync(path.join(dir, "gone.yaml"), path.join(dir, "dead.yaml"));
            fs.mkdirSync(path.join(dir, "loop"));
            fs.symlinkSync(dir, path.join(dir, "loop", "back"));
        });

        it("reports each bad document or file by name and still checks the good documents", async () => {
            const result = await scan({
                paths: [dir],
                only: "pss-privileged",
                json: true,
                packDir: PACK,
            });
            const messages = result.fileErrors.map((e) => e.message).join("\n");
            assert.match(messages, /alias\.yaml: document 1 cannot be read/);
            assert.match(messages, /bomb\.yaml: document 1 cannot be read/);
            assert.match(messages, /mixed\.yaml: document 2 is not a Kubernetes object/);
            assert.match(messages, /dead\.yaml: cannot be read/);
            assert.deepStrictEqual(
                result.violations.map((v) => v.resourceName),
                ["team-a/privileged"],
            );
        });

        it("exits 2 naming a --only prefix that no policy has", () => {
            const run = runTool("scan", [
                "--only",
                "psss-",
                manifest("privileged-deployment.yaml"),
            ]);
            assert.strictEqual(run.status, 2);
            assert.match(
                run.stderr,
                /--only psss-: no policy of container-security-baseline starts with it/,
            );
        });

        it("exits 2 when the paths hold no Kubernetes object at all", () => {
            const empty = fs.mkdtempSync(path.join(os.tmpdir(), "scan-empty-"));
            const run = runTool("scan", [empty]);
            assert.strictEqual(run.status, 2);
            assert.match(run.stderr, /no Kubernetes objects in/);
        });

        it("exits 2 naming a policy pack folder that is not one", () => {
            const run = runTool("scan", [
                "--policy-pack",
                dir,
                manifest("privileged-deployment.yaml"),
            ]);
            assert.strictEqual(run.status, 2);
            assert.match(run.stderr, /no PulumiPolicy\.yaml there/);
            assert.doesNotMatch(run.stderr, /\n\s+at /);
        });
    });
});
