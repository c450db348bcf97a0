import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/se-linux-options";
import { flagged, podCase } from "./cases";

describe("pss-se-linux-options", () => {
    it("passes the four container types and a custom level", async () => {
        const pod = podCase("se-linux-options.yaml", "container-types");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("flags a type outside the container types", async () => {
        const pod = podCase("se-linux-options.yaml", "super-privileged-type");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").securityContext.seLinuxOptions.type is "spc_t"',
        ]);
    });

    it("flags a custom user and a custom role, each", async () => {
        const pod = podCase("se-linux-options.yaml", "custom-user-and-role");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.securityContext.seLinuxOptions.user is "system_u"',
            'spec.securityContext.seLinuxOptions.role is "system_r"',
        ]);
    });

    it("passes empty options and empty strings", async () => {
        const pod = podCase("se-linux-options.yaml", "empty-options");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
