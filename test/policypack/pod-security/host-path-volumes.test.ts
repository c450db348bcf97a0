import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/host-path-volumes";
import { flagged, podCase } from "./cases";

describe("pss-host-path-volumes", () => {
    it("flags a hostPath volume by index and name", async () => {
        const pod = podCase("volumes.yaml", "host-path-volume");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.volumes[1] ("node-logs").hostPath is {"path":"/var/log"}',
        ]);
    });

    it("passes volumes of other types, network storage included", async () => {
        assert.deepEqual(await flagged(policy, podCase("volumes.yaml", "nfs-volume")), []);
    });
});
