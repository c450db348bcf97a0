import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/run-as-non-root";
import { flagged, podCase } from "./cases";

describe("pss-run-as-non-root", () => {
    it("passes a pod-level true that every container inherits", async () => {
        assert.deepEqual(await flagged(policy, podCase("run-as.yaml", "pod-non-root")), []);
    });

    it("passes every container setting true with the pod-level field unset", async () => {
        const pod = podCase("run-as.yaml", "every-container-non-root");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("flags every container when neither it nor the pod sets true", async () => {
        assert.deepEqual(await flagged(policy, podCase("run-as.yaml", "unset-everywhere")), [
            'spec.containers[0] ("app").securityContext.runAsNonRoot is <unset>',
            'spec.initContainers[0] ("setup").securityContext.runAsNonRoot is <unset>',
        ]);
    });

    it("flags a pod-level false even where every container sets true", async () => {
        const pod = podCase("run-as.yaml", "pod-false-containers-true");
        assert.deepEqual(await flagged(policy, pod), [
            "spec.securityContext.runAsNonRoot is false",
        ]);
    });

    it("flags a container that overrides the pod's true with false", async () => {
        const pod = podCase("run-as.yaml", "container-false-over-pod-true");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[1] ("sidecar").securityContext.runAsNonRoot is false',
        ]);
    });

    it("exempts a pod in its own user namespace", async () => {
        const pod = podCase("run-as.yaml", "root-in-user-namespace");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("does not exempt Windows pods", async () => {
        assert.deepEqual(await flagged(policy, podCase("run-as.yaml", "windows-unset")), [
            'spec.containers[0] ("app").securityContext.runAsNonRoot is <unset>',
        ]);
    });
});
