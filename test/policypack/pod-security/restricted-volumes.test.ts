import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/restricted-volumes";
import { flagged, podCase } from "./cases";

describe("pss-restricted-volumes", () => {
    it("passes every allowed volume type and a volume with no source", async () => {
        const pod = podCase("volumes.yaml", "allowed-volume-types");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("flags an nfs volume", async () => {
        assert.deepEqual(await flagged(policy, podCase("volumes.yaml", "nfs-volume")), [
            'spec.volumes[0] ("shared").nfs is {"server":"nfs.example","path":"/exports"}',
        ]);
    });

    it("flags a hostPath volume", async () => {
        assert.deepEqual(await flagged(policy, podCase("volumes.yaml", "host-path-volume")), [
            'spec.volumes[1] ("node-logs").hostPath is {"path":"/var/log"}',
        ]);
    });

    it("flags a volume source it does not know", async () => {
        const pod = podCase("volumes.yaml", "unknown-volume-source");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.volumes[0] ("future").futureVolumeSource is {"path":"/x"}',
        ]);
    });

    it("flags a refused source even beside an allowed one", async () => {
        const pod = podCase("volumes.yaml", "allowed-source-beside-host-path");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.volumes[0] ("mixed").hostPath is {"path":"/etc"}',
        ]);
    });
});
