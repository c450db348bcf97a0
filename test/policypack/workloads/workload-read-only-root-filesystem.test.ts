import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/workloads/workload-read-only-root-filesystem";
import { POD_BEARING_KINDS } from "../../../policypack/pod-templates";
import { checkResource } from "../harness";
import { describeManifestCases } from "./manifest-cases";
import { ODD_WORKLOADS, POD_BEARING, placements } from "./pod-bearing";

const READ_ONLY = { securityContext: { readOnlyRootFilesystem: true } };

describe("workload-read-only-root-filesystem", () => {
    it("the test table covers every pod-bearing kind the pack knows", () => {
        assert.deepStrictEqual(
            POD_BEARING.map((k) => k.kind).sort(),
            [...POD_BEARING_KINDS].sort(),
        );
    });

    for (const p of placements({ image: "ghcr.io/ohlcv/rag:1.0" })) {
        it(`reports a ${p.label} container without readOnlyRootFilesystem`, async () => {
            const messages = await checkResource(policy, p.resource);
            assert.deepStrictEqual(messages, [
                `${p.resource.props.kind} ohlcv-system/ohlcv-rag: ${p.containerPath}.securityContext.readOnlyRootFilesystem is <unset>; allowed: true`,
            ]);
        });
    }

    for (const p of placements(READ_ONLY)) {
        it(`accepts a ${p.label} container with readOnlyRootFilesystem: true`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), []);
        });
    }

    it("reports readOnlyRootFilesystem: false with the value found", async () => {
        const [p] = placements({ securityContext: { readOnlyRootFilesystem: false } });
        const [message] = await checkResource(policy, p.resource);
        assert.match(message, /readOnlyRootFilesystem is false; allowed: true$/);
    });

    it('does not take the string "true" for true', async () => {
        const [p] = placements({ securityContext: { readOnlyRootFilesystem: "true" } });
        assert.strictEqual((await checkResource(policy, p.resource)).length, 1);
    });

    it("reports each offending container of a pod and not the compliant ones", async () => {
        const resource = {
            type: "kubernetes:core/v1:Pod",
            props: {
                metadata: { name: "p", namespace: "n" },
                spec: {
                    containers: [{ name: "ok", ...READ_ONLY }, { name: "rw" }],
                    initContainers: [{ name: "init" }],
                },
            },
        };
        const messages = await checkResource(policy, resource);
        assert.deepStrictEqual(
            messages.map((m) => m.split(":")[1].trim().split(".securityContext")[0]),
            ['spec.containers[1] ("rw")', 'spec.initContainers[0] ("init")'],
        );
    });

    it("ignores resources that carry no pods, including CRDs that reuse a workload kind", async () => {
        const configMap = { type: "kubernetes:core/v1:ConfigMap", props: { data: {} } };
        const lookalike = {
            type: "kubernetes:example.com/v1:Deployment",
            props: { spec: { template: { spec: { containers: [{ name: "x" }] } } } },
        };
        assert.deepStrictEqual(await checkResource(policy, configMap), []);
        assert.deepStrictEqual(await checkResource(policy, lookalike), []);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "read-only-root-filesystem.yaml"),
        );
    });
});
