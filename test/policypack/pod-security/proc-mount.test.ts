import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/proc-mount";
import { flagged, podCase } from "./cases";

describe("pss-proc-mount", () => {
    it("flags an Unmasked /proc", async () => {
        assert.deepEqual(await flagged(policy, podCase("proc-mount.yaml", "unmasked")), [
            'spec.containers[0] ("app").securityContext.procMount is "Unmasked"',
        ]);
    });

    it("flags an Unmasked /proc where hostUsers is true", async () => {
        const pod = podCase("proc-mount.yaml", "unmasked-host-users-true");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.ephemeralContainers[0] ("debugger").securityContext.procMount is "Unmasked"',
        ]);
    });

    it("lets a pod in its own user namespace unmask /proc", async () => {
        const pod = podCase("proc-mount.yaml", "unmasked-in-user-namespace");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("passes the Default /proc", async () => {
        assert.deepEqual(
            await flagged(policy, podCase("proc-mount.yaml", "default-proc-mount")),
            [],
        );
    });
});
