import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/privileged";
import { flagged, podCase } from "./cases";

describe("pss-privileged", () => {
    it("flags a privileged init container and not its unprivileged sibling", async () => {
        const pod = podCase("privileged.yaml", "privileged-init-container");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.initContainers[0] ("setup").securityContext.privileged is true',
        ]);
    });

    it("refuses a privileged value that is not a boolean rather than guess", async () => {
        const pod = podCase("privileged.yaml", "privileged-as-string");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").securityContext.privileged is "true"',
        ]);
    });
});
