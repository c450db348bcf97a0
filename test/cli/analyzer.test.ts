import * as assert from "assert";
import * as path from "path";

import { AnalyzedResource, PolicyPackProcess } from "../../cli/analyzer-client";
import { resolvePolicyConfig } from "../../cli/policy-config";
import { discoverPolicies } from "../../policypack/discover";

const PACK = path.join(__dirname, "..", "..", "policypack");

function resource(
    type: string,
    name: string,
    properties: Record<string, unknown>,
): AnalyzedResource {
    return {
        urn: `urn:pulumi:test::baseline::${type}::${name}`,
        type,
        name,
        properties,
        options: { protect: false, deleteBeforeReplace: false, parent: "" },
        parent: "",
        dependencies: [],
        propertyDependencies: {},
    };
}

const privilegedPod = resource("kubernetes:core/v1:Pod", "privileged", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "privileged", namespace: "team-a" },
    spec: {
        containers: [
            { name: "app", image: "ghcr.io/ohlcv/app:1", securityContext: { privileged: true } },
        ],
    },
});

describe("the policy pack over the analyzer protocol", function () {
    this.timeout(120000);
    let pack: PolicyPackProcess;

    before(async () => {
        pack = await PolicyPackProcess.start({ packDir: PACK });
    });

    after(async () => {
        await pack.close();
    });

    it("prints its port and describes every policy file of the pack in GetAnalyzerInfo", async () => {
        assert.ok(pack.port > 0);
        const description = await pack.describe();
        assert.strictEqual(description.name, "container-security-baseline");
        assert.deepStrictEqual(
            description.policies.map((p) => p.name).sort(),
            discoverPolicies()
                .map((p) => p.name)
                .sort(),
        );
        assert.ok(description.policies.every((p) => p.enforcementLevel === "mandatory"));
    });

    it("reports a mandatory violation for a privileged pod once configured with defaults", async () => {
        await pack.configure(resolvePolicyConfig(await pack.describe(), {}, "(none)"));
        const diagnostics = await pack.analyze(privilegedPod);
        const privileged = diagnostics.find((d) => d.policyName === "pss-privileged");
        assert.ok(privileged, JSON.stringify(diagnostics.map((d) => d.policyName)));
        assert.strictEqual(privileged.enforcementLevel, "mandatory");
        assert.match(privileged.message, /securityContext\.privileged/);
    });

    it("honours an enforcement level set in Configure", async () => {
        await pack.configure(
            resolvePolicyConfig(
                await pack.describe(),
                { "pss-privileged": "disabled", all: "advisory" },
                "(test)",
            ),
        );
        const diagnostics = await pack.analyze(privilegedPod);
        assert.ok(!diagnostics.some((d) => d.policyName === "pss-privileged"));
        assert.ok(diagnostics.length > 0);
        assert.ok(diagnostics.every((d) => d.enforcementLevel === "advisory"));
    });

    it("lets the server skip single-type policies for other types without running them", async () => {
        await pack.configure(resolvePolicyConfig(await pack.describe(), {}, "(none)"));
        const { notApplicable } = await pack.analyzeResponse(privilegedPod);
        const kms = notApplicable.find((n) => n.policyName === "aws-kms-key-rotation-enabled");
        assert.ok(kms, JSON.stringify(notApplicable));
        assert.match(kms.reason, /aws:kms\/key:Key/);
    });

    it("runs the stack policies in AnalyzeStack and names the resource they are about", async () => {
        await pack.configure(resolvePolicyConfig(await pack.describe(), {}, "(none)"));
        const diagnostics = await pack.analyzeStack([privilegedPod]);
        const defaultDeny = diagnostics.find(
            (d) => d.policyName === "network-default-deny-per-namespace",
        );
        assert.ok(defaultDeny, JSON.stringify(diagnostics.map((d) => d.policyName)));
        assert.match(defaultDeny.message, /team-a/);
    });

    it("treats a value unknown during preview as a reason not to judge, not as a crash", async () => {
        await pack.configure(resolvePolicyConfig(await pack.describe(), {}, "(none)"));
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const diagnostics = await pack.analyze(
            resource("kubernetes:core/v1:Pod", "unknown-image", {
                apiVersion: "v1",
                kind: "Pod",
                metadata: { name: "unknown-image", namespace: "team-a" },
                spec: { containers: [{ name: "app", image: unknown }] },
            }),
        );
        const pinned = diagnostics.filter((d) => d.policyName === "workload-image-pinned");
        assert.ok(
            pinned.every((d) => d.enforcementLevel === "advisory"),
            JSON.stringify(pinned),
        );
    });
});
