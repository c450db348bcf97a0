import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/run-as-user";
import { flagged, podCase } from "./cases";

describe("pss-run-as-user", () => {
    it("flags UID 0 at pod level even where the container sets another UID", async () => {
        assert.deepEqual(await flagged(policy, podCase("run-as.yaml", "pod-uid-zero")), [
            "spec.securityContext.runAsUser is 0",
        ]);
    });

    it("flags UID 0 on an ephemeral container", async () => {
        assert.deepEqual(await flagged(policy, podCase("run-as.yaml", "ephemeral-uid-zero")), [
            'spec.ephemeralContainers[0] ("debugger").securityContext.runAsUser is 0',
        ]);
    });

    it("passes a non-zero UID and an unset one", async () => {
        assert.deepEqual(await flagged(policy, podCase("run-as.yaml", "pod-non-root")), []);
    });

    it("exempts a pod in its own user namespace", async () => {
        const pod = podCase("run-as.yaml", "root-in-user-namespace");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
