import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/host-ports";
import { flagged, podCase } from "./cases";

describe("pss-host-ports", () => {
    it("flags the port that sets a host port, by index", async () => {
        const pod = podCase("host-ports.yaml", "second-port-on-host");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[0] ("app").ports[1].hostPort is 9000',
        ]);
    });

    it("passes hostPort 0 and ports without a host port", async () => {
        assert.deepEqual(await flagged(policy, podCase("host-ports.yaml", "host-port-zero")), []);
    });
});
