import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/workloads/workload-image-registry-allowed";
import { checkResource } from "../harness";
import { describeManifestCases } from "./manifest-cases";
import { ODD_WORKLOADS, placements } from "./pod-bearing";

const CONFIG = {
    allowedRegistries: ["ghcr.io/ohlcv", "docker.io/falcosecurity", "registry.internal:5000"],
};

async function allowed(image: string, config: object = CONFIG): Promise<boolean> {
    const [p] = placements({ image });
    return (await checkResource(policy, p.resource, config)).length === 0;
}

describe("workload-image-registry-allowed", () => {
    for (const p of placements({ image: "nginx:1.27" })) {
        it(`reports a ${p.label} container from a registry not listed`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource, CONFIG), [
                `${p.resource.props.kind} ohlcv-system/ohlcv-rag: ${p.containerPath}.image is "nginx:1.27"; allowed: images from ghcr.io/ohlcv, docker.io/falcosecurity, registry.internal:5000 (resolves to docker.io/library/nginx)`,
            ]);
        });
    }

    for (const p of placements({ image: "ghcr.io/ohlcv/rag:1.4.2" })) {
        it(`accepts a ${p.label} container from a listed registry`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource, CONFIG), []);
        });
    }

    const table: [string, boolean][] = [
        ["ghcr.io/ohlcv/tools/cli:2", true],
        ["ghcr.io/ohlcv-evil/rag:1", false],
        ["ghcr.io/other/rag:1", false],
        ["falcosecurity/falco:0.39.0", true],
        ["docker.io/falcosecurity/falco-driver-loader:0.39.0", true],
        ["index.docker.io/falcosecurity/falco:0.39.0", true],
        ["falco:0.39.0", false],
        ["registry.internal:5000/app:1", true],
        ["registry.internal/app:1", false],
        ["registry.internal:5001/app:1", false],
        ["GHCR.IO/ohlcv/rag:1", true],
    ];
    for (const [image, expected] of table) {
        it(`${expected ? "accepts" : "reports"} ${image}`, async () => {
            assert.strictEqual(await allowed(image), expected);
        });
    }

    it("reports an image reference it cannot read, saying why", async () => {
        const [p] = placements({ image: "ghcr.io/ohlcv/Rag:1" });
        const [message] = await checkResource(policy, p.resource, CONFIG);
        assert.match(message, /\(not a valid image reference: the path component "Rag"/);
    });

    it("allows no image when allowedRegistries is left empty, and says so", async () => {
        const [p] = placements({ image: "ghcr.io/ohlcv/rag:1" });
        const [message] = await checkResource(policy, p.resource);
        assert.match(
            message,
            /allowed: none \(allowedRegistries in the policy config lists no registry\)/,
        );
    });

    it("reports an entry that names no registry host, and ignores only that entry", async () => {
        const [p] = placements({ image: "ghcr.io/ohlcv/rag:1" });
        const config = { allowedRegistries: ["ghcr.io", "falcosecurity"] };
        assert.deepStrictEqual(await checkResource(policy, p.resource, config), [
            'policy workload-image-registry-allowed: config key "allowedRegistries[1]" is "falcosecurity"; expected a registry host, optionally with a path prefix (ghcr.io/ohlcv, docker.io/library) (entry ignored)',
        ]);
    });

    it("reports an allowedRegistries that is not a list of strings, and then allows none", async () => {
        const [p] = placements({ image: "ghcr.io/ohlcv/rag:1" });
        const messages = await checkResource(policy, p.resource, { allowedRegistries: "ghcr.io" });
        assert.deepStrictEqual(messages.length, 2);
        assert.strictEqual(
            messages[0],
            'policy workload-image-registry-allowed: config key "allowedRegistries" is "ghcr.io"; expected a list of strings (using none)',
        );
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource, CONFIG);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "image-registry-allowed.yaml"),
            CONFIG,
        );
    });
});
