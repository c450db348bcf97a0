import * as assert from "assert";
import * as path from "path";

import { scan } from "../../cli/scan";
import { discoverPolicies } from "../../policypack/discover";

import { ROOT, runTool } from "../../cli/tool-process";

describe("the deliberately insecure sample", function () {
    this.timeout(180000);

    let drawn: Set<string>;

    before(async () => {
        const manifests = await scan({
            paths: [path.join(__dirname, "manifests.yaml")],
            json: true,
            packDir: path.join(ROOT, "policypack"),
        });
        const cloud = runTool("preview", [
            "--stack",
            "insecure",
            "--program",
            path.join(__dirname, "cloud"),
            "--policy-pack-config",
            path.join(ROOT, "policypack", "config", "prod.json"),
            "--json",
        ]);
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
