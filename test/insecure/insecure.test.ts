import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

import { scan } from "../../cli/scan";
import { discoverPolicies } from "../../policypack/discover";

const ROOT = path.join(__dirname, "..", "..");

describe("the deliberately insecure sample", function () {
    this.timeout(180000);

    let drawn: Set<string>;

    before(async () => {
        const manifests = await scan({
            paths: [path.join(__dirname, "manifests.yaml")],
            json: true,
            packDir: path.join(ROOT, "policypack"),
        });
        const cloud = spawnSync(
            process.execPath,
            [
                require.resolve("ts-node/dist/bin"),
                "--transpile-only",
                path.join(ROOT, "cli", "preview.ts"),
                "--stack",
                "insecure",
                "--program",
                path.join(__dirname, "cloud"),
                "--policy-pack-config",
                path.join(ROOT, "policypack", "config", "prod.json"),
                "--json",
            ],
            { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        );
        assert.strictEqual(cloud.status, 1, cloud.stderr);
        const summary = JSON.parse(cloud.stdout);
        drawn = new Set([
            ...manifests.violations.map((v) => v.policyName),
            ...summary.violations.map((v: { policy: string }) => v.policy),
        ]);
    });

    for (const policy of discoverPolicies()) {
        it(`draws ${policy.name}`, () => {
            assert.ok(
                drawn.has(policy.name),
                `${policy.name} found nothing in the insecure sample`,
            );
        });
    }
});
