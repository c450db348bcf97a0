import { strict as assert } from "assert";

import policy from "../../../policypack/policies/pod-security/host-probes-and-host-lifecycle";
import { flagged, podCase } from "./cases";

const CASES = "host-probes-and-host-lifecycle.yaml";

describe("pss-host-probes-and-host-lifecycle", () => {
    it("flags a liveness probe that names a host", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "liveness-probe-host")), [
            'spec.containers[0] ("app").livenessProbe.httpGet.host is "metadata.example"',
        ]);
    });

    it("flags a host on the deprecated tcpSocket lifecycle handler", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "pre-stop-tcp-host")), [
            'spec.containers[0] ("app").lifecycle.preStop.tcpSocket.host is "10.0.0.1"',
        ]);
    });

    it("flags a host on a sidecar init container's startup probe", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "sidecar-startup-probe-host")), [
            'spec.initContainers[0] ("proxy").startupProbe.tcpSocket.host is "db.example"',
        ]);
    });

    it("passes probes and handlers with an empty or no host", async () => {
        assert.deepEqual(await flagged(policy, podCase(CASES, "probes-without-host")), []);
    });
});
