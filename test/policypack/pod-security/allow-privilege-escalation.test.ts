import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/allow-privilege-escalation";
import { flagged, podCase } from "./cases";

const CASES = "allow-privilege-escalation.yaml";

describe("pss-allow-privilege-escalation", () => {
    it("flags every container of the three lists that leaves it unset", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "unset-everywhere")), [
            'spec.containers[0] ("app").securityContext.allowPrivilegeEscalation is <unset>',
            'spec.initContainers[0] ("setup").securityContext.allowPrivilegeEscalation is <unset>',
            'spec.ephemeralContainers[0] ("debugger").securityContext' +
                ".allowPrivilegeEscalation is <unset>",
        ]);
    });

    it("flags allowPrivilegeEscalation set true", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "escalation-true")), [
            'spec.containers[0] ("app").securityContext.allowPrivilegeEscalation is true',
        ]);
    });

    it("passes containers that set it false", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "false-everywhere")), []);
    });

    it("exempts Windows pods, where the field does not exist", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "windows-unset")), []);
    });

    it("does not exempt pods that declare Linux", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "linux-unset")), [
            'spec.containers[0] ("app").securityContext.allowPrivilegeEscalation is <unset>',
        ]);
    });
});
