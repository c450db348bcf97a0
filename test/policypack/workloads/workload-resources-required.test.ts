import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/workloads/workload-resources-required";
import { checkResource } from "../harness";
import { describeManifestCases } from "./manifest-cases";
import { ODD_WORKLOADS, placements } from "./pod-bearing";

const FULL = {
    resources: {
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "500m", memory: "256Mi" },
    },
};

describe("workload-resources-required", () => {
    for (const p of placements({}, {}, {}, ["containers", "initContainers"])) {
        it(`reports a ${p.label} container without resources`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), [
                `${p.resource.props.kind} ohlcv-system/ohlcv-rag: ${p.containerPath}.resources is <unset>; allowed: cpu and memory in both requests and limits (missing requests.cpu, requests.memory, limits.cpu, limits.memory)`,
            ]);
        });
    }

    for (const p of placements(FULL, {}, {}, ["containers", "initContainers"])) {
        it(`accepts a ${p.label} container with cpu and memory requests and limits`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), []);
        });
    }

    for (const p of placements({}, {}, {}, ["ephemeralContainers"])) {
        it(`exempts a ${p.label} container, which the API forbids resources on`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), []);
        });
    }

    it("names only the quantities that are missing", async () => {
        const [p] = placements({ resources: { limits: { cpu: "1", memory: "1Gi" } } });
        const [message] = await checkResource(policy, p.resource);
        assert.match(message, /\(missing requests\.cpu, requests\.memory\)$/);
    });

    it("accepts numeric quantities", async () => {
        const [p] = placements({
            resources: { requests: { cpu: 1, memory: 1e9 }, limits: { cpu: 2, memory: 2e9 } },
        });
        assert.deepStrictEqual(await checkResource(policy, p.resource), []);
    });

    it("takes an empty quantity for a missing one", async () => {
        const [p] = placements({
            resources: { ...FULL.resources, limits: { cpu: " ", memory: "256Mi" } },
        });
        const [message] = await checkResource(policy, p.resource);
        assert.match(message, /\(missing limits\.cpu\)$/);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(policy, path.join(__dirname, "cases", "resources-required.yaml"));
    });
});
