import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/seccomp-profile-baseline";
import { flagged, podCase } from "./cases";

describe("pss-seccomp-profile-baseline", () => {
    it("flags an Unconfined profile at pod level", async () => {
        assert.deepEqual(await flagged(policy, podCase("seccomp-profile.yaml", "pod-unconfined")), [
            'spec.securityContext.seccompProfile.type is "Unconfined"',
        ]);
    });

    it("flags a container that overrides the pod's profile with Unconfined", async () => {
        const pod = podCase("seccomp-profile.yaml", "container-unconfined-over-pod-default");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[1] ("sidecar").securityContext.seccompProfile.type is "Unconfined"',
        ]);
    });

    it("passes a pod that sets no profile at all", async () => {
        assert.deepEqual(await flagged(policy, podCase("seccomp-profile.yaml", "no-profile")), []);
    });

    it("flags a profile that sets no type", async () => {
        const pod = podCase("seccomp-profile.yaml", "profile-without-type");
        assert.deepEqual(await flagged(policy, pod), [
            "spec.securityContext.seccompProfile.type is <unset>",
        ]);
    });
});
