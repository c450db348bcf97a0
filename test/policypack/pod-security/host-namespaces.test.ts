import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/host-namespaces";
import { flagged, podCase } from "./cases";

describe("pss-host-namespaces", () => {
    it("flags each of hostNetwork, hostPID and hostIPC set true", async () => {
        const pod = podCase("host-namespaces.yaml", "every-host-namespace");
        assert.deepEqual(await flagged(policy, pod), [
            "spec.hostNetwork is true",
            "spec.hostPID is true",
            "spec.hostIPC is true",
        ]);
    });

    it("passes host namespaces set false", async () => {
        const pod = podCase("host-namespaces.yaml", "host-namespaces-false");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
