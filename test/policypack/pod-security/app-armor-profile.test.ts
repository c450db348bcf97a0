import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/app-armor-profile";
import { flagged, podCase } from "./cases";

const ANNOTATION = '["container.apparmor.security.beta.kubernetes.io/web"]';

describe("pss-app-armor-profile", () => {
    it("flags an Unconfined profile at pod level", async () => {
        const pod = podCase("app-armor-profile.yaml", "pod-unconfined");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.securityContext.appArmorProfile.type is "Unconfined"',
        ]);
    });

    it("passes RuntimeDefault and Localhost profiles", async () => {
        const pod = podCase("app-armor-profile.yaml", "allowed-profiles");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("flags a profile that sets no type", async () => {
        const pod = podCase("app-armor-profile.yaml", "profile-without-type");
        assert.deepEqual(await flagged(policy, pod), [
            'spec.initContainers[0] ("setup").securityContext.appArmorProfile.type is <unset>',
        ]);
    });

    it("flags an unconfined profile given by annotation", async () => {
        const pod = podCase("app-armor-profile.yaml", "annotation-unconfined");
        assert.deepEqual(await flagged(policy, pod), [
            'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]' +
                ' is "unconfined"',
        ]);
    });

    it("passes runtime/default, localhost/ and empty annotations, and other keys", async () => {
        const pod = podCase("app-armor-profile.yaml", "allowed-annotations");
        assert.deepEqual(await flagged(policy, pod), []);
    });

    it("reads the annotations of a Deployment's pod template", async () => {
        const deployment = podCase("app-armor-profile.yaml", "template-annotation-unconfined");
        assert.deepEqual(await flagged(policy, deployment), [
            `spec.template.metadata.annotations${ANNOTATION} is "unconfined"`,
        ]);
    });

    it("ignores the annotations of the Deployment itself, which reach no pod", async () => {
        const deployment = podCase("app-armor-profile.yaml", "own-annotation-unconfined");
        assert.deepEqual(await flagged(policy, deployment), []);
    });
});
