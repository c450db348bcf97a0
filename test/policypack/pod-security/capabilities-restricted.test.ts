import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/capabilities-restricted";
import { flagged, podCase } from "./cases";

describe("pss-capabilities-restricted", () => {
    it("passes dropping ALL and adding back NET_BIND_SERVICE", async () => {
        const pod = podCase("capabilities.yaml", "drops-all-adds-net-bind-service");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("flags a container that drops nothing, and not one that drops ALL", async () => {
        const pod = podCase("capabilities.yaml", "no-capabilities");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").securityContext.capabilities.drop is <unset>',
        ]);
    });

    it("does not take a lowercase all for ALL", async () => {
        const pod = podCase("capabilities.yaml", "drops-lowercase-all");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").securityContext.capabilities.drop is ["all"]',
        ]);
    });

    it("flags added capabilities other than NET_BIND_SERVICE, defaults included", async () => {
        const pod = podCase("capabilities.yaml", "adds-defaults-and-sys-admin");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").securityContext.capabilities.add[0] is "CHOWN"',
            'spec.containers[0] ("app").securityContext.capabilities.add[1] is "SYS_ADMIN"',
        ]);
    });

    it("refuses an add that is not a list", async () => {
        const pod = podCase("capabilities.yaml", "add-is-not-a-list");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").securityContext.capabilities.add is "NET_RAW"',
        ]);
    });

    it("exempts Windows pods, which have no Linux capabilities", async () => {
        const pod = podCase("capabilities.yaml", "windows-no-capabilities");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
