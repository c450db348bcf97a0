/**
 * Probes and lifecycle handlers are sent by the kubelet from the node; a `host` on them lets a
 * pod make the node connect to any address it names.
 *
 * Restricted fields, for every container of the three lists: `host` of `httpGet` and of
 * `tcpSocket` in `livenessProbe`, `readinessProbe`, `startupProbe`, `lifecycle.postStart` and
 * `lifecycle.preStop` (tcpSocket is deprecated as a lifecycle handler, and still checked).
 * Allowed values: "", unset.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

const HANDLERS = [
    ["livenessProbe"],
    ["readinessProbe"],
    ["startupProbe"],
    ["lifecycle", "postStart"],
    ["lifecycle", "preStop"],
];

const ACTIONS = ["httpGet", "tcpSocket"];

export default podSecurityControl({
    name: "pss-host-probes-and-host-lifecycle",
    checkId: "hostProbesAndHostLifecycle",
    level: "baseline",
    description:
        "Probes and lifecycle handlers must not name a host: they target the pod's own IP.",
    severity: "medium",
    checklist: "probes target the pod itself",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of containersOf(pod)) {
            for (const handler of HANDLERS) {
                for (const action of ACTIONS) {
                    const host = read(ref.container, ...handler, action, "host");
                    if (!isUnset(host) && host !== "") {
                        findings.push({
                            field: containerField(ref, [...handler, action, "host"].join(".")),
                            found: host,
                            allowed: `"", unset (the pod's IP)`,
                        });
                    }
                }
            }
        }
        return findings;
    },
});
