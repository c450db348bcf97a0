import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/proc-mount-restricted";
import { flagged, podCase } from "./cases";

describe("pss-proc-mount-restricted", () => {
    it("flags an Unmasked /proc even in the pod's own user namespace", async () => {
        const pod = podCase("proc-mount.yaml", "unmasked-in-user-namespace");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.initContainers[0] ("setup").securityContext.procMount is "Unmasked"',
        ]);
    });

    it("passes the Default /proc", async () => {
        assert.deepEqual(
            await flagged(policy, podCase("proc-mount.yaml", "default-proc-mount")),
            [],
        );
    });
});
