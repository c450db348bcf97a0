/**
 * Sharing the node's network, process or IPC namespace gives a pod a view of the node and of
 * every other pod on it.
 *
 * Restricted fields: `spec.hostNetwork`, `spec.hostPID`, `spec.hostIPC`.
 * Allowed values: false, unset.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";

const HOST_NAMESPACE_FIELDS = ["hostNetwork", "hostPID", "hostIPC"];

export default podSecurityControl({
    name: "pss-host-namespaces",
    checkId: "hostNamespaces",
    level: "baseline",
    description: "Pods must not share the node's network, PID or IPC namespace.",
    severity: "high",
    checklist: "no host network, PID or IPC namespace",
    cis: "5.2.3, 5.2.4, 5.2.5",
    check(pod) {
        const findings: Finding[] = [];
        for (const field of HOST_NAMESPACE_FIELDS) {
            const value: unknown = pod.spec[field];
            if (!isUnset(value) && value !== false) {
                findings.push({
                    field: `${pod.specPath}.${field}`,
                    found: value,
                    allowed: "false, unset",
                });
            }
        }
        return findings;
    },
});
