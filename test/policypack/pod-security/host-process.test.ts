import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/host-process";
import { flagged, podCase } from "./cases";

describe("pss-host-process", () => {
    it("flags hostProcess set true at pod level", async () => {
        assert.deepEqual(await flagged(policy, podCase("host-process.yaml", "pod-host-process")), [
            "spec.securityContext.windowsOptions.hostProcess is true",
        ]);
    });

    it("flags hostProcess set true on an ephemeral container", async () => {
        const pod = podCase("host-process.yaml", "ephemeral-host-process");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.ephemeralContainers[0] ("debugger").securityContext' +
                ".windowsOptions.hostProcess is true",
        ]);
    });

    it("passes hostProcess set false at both levels", async () => {
        const pod = podCase("host-process.yaml", "host-process-false");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
