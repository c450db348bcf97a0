import * as assert from "assert";

import policy from "../../../policypack/policies/workloads/workload-service-account-not-default";
import { checkResource } from "../harness";
import { ODD_WORKLOADS, POD_BEARING, podBearing, specPathOf, workloadOf } from "./pod-bearing";

const CONTAINERS = { containers: [{ name: "c" }] };

describe("workload-service-account-not-default", () => {
    for (const kind of POD_BEARING) {
        it(`reports a ${kind.kind} that leaves serviceAccountName unset`, async () => {
            const resource = workloadOf(kind, { spec: CONTAINERS });
            assert.deepStrictEqual(await checkResource(policy, resource), [
                `${kind.kind} ohlcv-system/ohlcv-rag: ${specPathOf(kind)}.serviceAccountName is <unset>; allowed: the name of a dedicated service account (not "default")`,
            ]);
        });

        it(`reports a ${kind.kind} that runs as the default service account`, async () => {
            const resource = workloadOf(kind, {
                spec: { ...CONTAINERS, serviceAccountName: "default" },
            });
            const [message] = await checkResource(policy, resource);
            assert.match(message, /serviceAccountName is "default"/);
        });

        it(`accepts a ${kind.kind} with a dedicated service account`, async () => {
            const resource = workloadOf(kind, {
                spec: { ...CONTAINERS, serviceAccountName: "ohlcv-rag" },
            });
            assert.deepStrictEqual(await checkResource(policy, resource), []);
        });
    }

    it("reads the deprecated serviceAccount field where serviceAccountName is absent", async () => {
        const resource = workloadOf(podBearing("Pod"), {
            spec: { ...CONTAINERS, serviceAccount: "ohlcv-rag" },
        });
        assert.deepStrictEqual(await checkResource(policy, resource), []);
    });

    it("names the deprecated field when it is the one set to default", async () => {
        const resource = workloadOf(podBearing("Pod"), {
            spec: { ...CONTAINERS, serviceAccount: "default" },
        });
        const [message] = await checkResource(policy, resource);
        assert.match(message, /spec\.serviceAccount is "default"/);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource);
        }
    });
});
