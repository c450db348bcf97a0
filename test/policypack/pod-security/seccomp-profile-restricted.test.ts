import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/seccomp-profile-restricted";
import { flagged, podCase } from "./cases";

describe("pss-seccomp-profile-restricted", () => {
    it("passes a pod-level RuntimeDefault that every container inherits", async () => {
        const pod = podCase("seccomp-profile.yaml", "pod-runtime-default");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("passes containers that each set an allowed profile", async () => {
        const pod = podCase("seccomp-profile.yaml", "every-container-localhost");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("flags every container when neither it nor the pod sets a profile", async () => {
        assert.deepEqual(await flagged(policy, podCase("seccomp-profile.yaml", "no-profile")), [
            'spec.containers[0] ("app").securityContext.seccompProfile.type is <unset>',
            'spec.initContainers[0] ("setup").securityContext.seccompProfile.type is <unset>',
        ]);
    });

    it("flags the one ephemeral container that sets no profile", async () => {
        const pod = podCase("seccomp-profile.yaml", "one-ephemeral-container-without-profile");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.ephemeralContainers[0] ("debugger").securityContext' +
                ".seccompProfile.type is <unset>",
        ]);
    });

    it("flags a container's Unconfined over the pod's RuntimeDefault", async () => {
        const pod = podCase("seccomp-profile.yaml", "container-unconfined-over-pod-default");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.containers[1] ("sidecar").securityContext.seccompProfile.type is "Unconfined"',
        ]);
    });

    it("flags a pod-level Unconfined even where the container sets its own profile", async () => {
        assert.deepEqual(await flagged(policy, podCase("seccomp-profile.yaml", "pod-unconfined")), [
            'spec.securityContext.seccompProfile.type is "Unconfined"',
        ]);
    });

    it("flags a pod-level profile without a type and the containers inheriting it", async () => {
        const pod = podCase("seccomp-profile.yaml", "profile-without-type");
        assert.deepEqual(await flagged(policy, pod), [
            "spec.securityContext.seccompProfile.type is <unset>",
            'spec.containers[0] ("app").securityContext.seccompProfile.type is <unset>',
        ]);
    });

    it("exempts Windows pods, which have no seccomp", async () => {
        const pod = podCase("seccomp-profile.yaml", "windows-no-profile");
        assert.deepEqual(await flagged(policy, pod), []);
    });
});
