import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/workloads/workload-image-pinned";
import { checkResource } from "../harness";
import { describeManifestCases } from "./manifest-cases";
import { ODD_WORKLOADS, placements } from "./pod-bearing";

const SHA = "0123456789abcdef".repeat(4);

async function verdict(image: unknown, requireDigest: boolean): Promise<string[]> {
    const [p] = placements({ image });
    return checkResource(policy, p.resource, { requireDigest });
}

describe("workload-image-pinned", () => {
    for (const p of placements({ image: "nginx" })) {
        it(`reports a ${p.label} container whose image has no tag`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), [
                `${p.resource.props.kind} ohlcv-system/ohlcv-rag: ${p.containerPath}.image is "nginx"; allowed: an image with an explicit tag other than latest, or a digest (no tag, which pulls latest)`,
            ]);
        });
    }

    for (const p of placements({ image: "ghcr.io/ohlcv/rag:1.4.2" })) {
        it(`reports a ${p.label} container without a digest when requireDigest is set`, async () => {
            const messages = await checkResource(policy, p.resource, { requireDigest: true });
            assert.deepStrictEqual(messages, [
                `${p.resource.props.kind} ohlcv-system/ohlcv-rag: ${p.containerPath}.image is "ghcr.io/ohlcv/rag:1.4.2"; allowed: an image pinned by digest, <image>@sha256:<64 hex> (no sha256 digest)`,
            ]);
        });
    }

    // [image, passes without requireDigest, passes with requireDigest]
    const table: [unknown, boolean, boolean][] = [
        ["ghcr.io/ohlcv/rag:1.4.2", true, false],
        ["nginx:latest", false, false],
        ["nginx:Latest", false, false],
        ["registry.internal:5000/app", false, false],
        ["registry.internal:5000/app:2.1", true, false],
        [`nginx@sha256:${SHA}`, true, true],
        [`nginx:latest@sha256:${SHA}`, true, true],
        [`ghcr.io/ohlcv/rag:1.4.2@sha256:${SHA}`, true, true],
        [`ghcr.io/ohlcv/rag@sha512:${SHA}${SHA}`, true, false],
        ["nginx@sha256:abc", false, false],
        ["Nginx:1.27", false, false],
        [undefined, false, false],
        ["", false, false],
    ];
    for (const [image, loose, strict] of table) {
        it(`${loose ? "accepts" : "reports"} ${JSON.stringify(image)} by default`, async () => {
            assert.strictEqual((await verdict(image, false)).length === 0, loose);
        });
        it(`${strict ? "accepts" : "reports"} ${JSON.stringify(image)} with requireDigest`, async () => {
            assert.strictEqual((await verdict(image, true)).length === 0, strict);
        });
    }

    it("says why a reference is not valid", async () => {
        const [message] = await verdict("Nginx:1.27", false);
        assert.match(message, /\(not a valid image reference: the path component "Nginx"/);
    });

    it("reports a requireDigest that is not a boolean, and then requires a digest", async () => {
        const [p] = placements({ image: "nginx:1" });
        const messages = await checkResource(policy, p.resource, { requireDigest: "yes" });
        assert.strictEqual(
            messages[0],
            'policy workload-image-pinned: config key "requireDigest" is "yes"; expected true or false (enforcing true)',
        );
        assert.match(messages[1], /\(no sha256 digest\)$/);
    });

    it("declares requireDigest false by default in its config schema", () => {
        assert.strictEqual(
            (policy.configSchema?.properties.requireDigest as { default: unknown }).default,
            false,
        );
    });

    it("takes requireDigest as false when the config leaves it out", async () => {
        const [p] = placements({ image: "nginx:1" });
        const noDefaults = { ...policy, configSchema: undefined };
        assert.deepStrictEqual(await checkResource(noDefaults, p.resource), []);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource, { requireDigest: true });
        }
    });

    describe("manifest cases (requireDigest: true)", () => {
        describeManifestCases(policy, path.join(__dirname, "cases", "image-pinned.yaml"), {
            requireDigest: true,
        });
    });
});
