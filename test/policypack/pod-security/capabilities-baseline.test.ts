import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/capabilities-baseline";
import { flagged, podCase } from "./cases";

const ADD = 'spec.containers[0] ("app").securityContext.capabilities.add';

describe("pss-capabilities-baseline", () => {
    it("flags adding NET_RAW", async () => {
        const pod = podCase("capabilities.yaml", "adds-net-raw");
        assert.deepEqual(await flagged(policy, pod), [`${ADD}[0] is "NET_RAW"`]);
    });

    it("flags only the capability beyond the default set", async () => {
        const pod = podCase("capabilities.yaml", "adds-defaults-and-sys-admin");
        assert.deepEqual(await flagged(policy, pod), [`${ADD}[1] is "SYS_ADMIN"`]);
    });

    it("passes adding capabilities of the default set", async () => {
        const pod = podCase("capabilities.yaml", "adds-defaults-only");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("matches capability names exactly, so a lowercase name is refused", async () => {
        const pod = podCase("capabilities.yaml", "adds-lowercase-name");
        assert.deepEqual(await flagged(policy, pod), [`${ADD}[0] is "chown"`]);
    });

    it("refuses an add that is not a list", async () => {
        const pod = podCase("capabilities.yaml", "add-is-not-a-list");
        assert.deepEqual(await flagged(policy, pod), [`${ADD} is "NET_RAW"`]);
    });

    it("passes containers that add nothing", async () => {
        const pod = podCase("capabilities.yaml", "no-capabilities");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
