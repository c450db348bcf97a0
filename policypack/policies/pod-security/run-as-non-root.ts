/**
 * Containers must be required to run as a non-root user: the kubelet then refuses to start an
 * image whose user is root. Pods in a user namespace of their own (`spec.hostUsers: false`) are
 * exempt, since root there is not root on the node.
 *
 * Restricted fields: `spec.securityContext.runAsNonRoot` and `securityContext.runAsNonRoot` of
 * every container of the three lists.
 * Allowed values: true; unset on a container where the pod sets true; anything where
 * `spec.hostUsers` is false.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { runsInUserNamespace } from "../../pod-security-exemptions";
import { securityContextsOf } from "../../pod-templates";
import { read } from "../../violation";

export default podSecurityControl({
    name: "pss-run-as-non-root",
    checkId: "runAsNonRoot",
    level: "restricted",
    description: "Pods or every container must set securityContext.runAsNonRoot to true.",
    severity: "high",
    checklist: "containers run as non-root",
    cis: "5.2.7",
    check(pod) {
        if (runsInUserNamespace(pod)) {
            return [];
        }
        const [podContext, ...containerContexts] = securityContextsOf(pod);
        const podValue = read(podContext.context, "runAsNonRoot");
        const podField = podContext.at("runAsNonRoot");
        const findings: Finding[] = [];
        // A pod-level false is refused even where every container overrides it with true.
        if (!isUnset(podValue) && podValue !== true) {
            findings.push({ field: podField, found: podValue, allowed: "true, unset" });
        }
        for (const ref of containerContexts) {
            const value = read(ref.context, "runAsNonRoot");
            if (isUnset(value) ? podValue !== true : value !== true) {
                findings.push({
                    field: ref.at("runAsNonRoot"),
                    found: value,
                    allowed: `true, or unset where ${podField} is true`,
                });
            }
        }
        return findings;
    },
});
