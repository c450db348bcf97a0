import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/sysctls";
import { flagged, podCase } from "./cases";

describe("pss-sysctls", () => {
    it("passes safe sysctls, those added in Kubernetes 1.37 included", async () => {
        assert.deepEqual(await flagged(policy, podCase("sysctls.yaml", "safe-sysctls")), []);
    });

    it("flags the one unsafe sysctl by index", async () => {
        assert.deepEqual(await flagged(policy, podCase("sysctls.yaml", "unsafe-sysctl")), [
            'spec.securityContext.sysctls[1].name is "kernel.msgmax"',
        ]);
    });

    it("refuses sysctls that are not a list", async () => {
        assert.deepEqual(await flagged(policy, podCase("sysctls.yaml", "sysctls-not-a-list")), [
            'spec.securityContext.sysctls is {"kernel.msgmax":"65536"}',
        ]);
    });
});
