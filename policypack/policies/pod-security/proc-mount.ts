/**
 * The container runtime masks parts of /proc to hide the node's kernel interfaces; an Unmasked
 * /proc undoes that. In a user namespace of its own (`spec.hostUsers: false`) the pod may choose.
 *
 * Restricted fields: `securityContext.procMount` of every container of the three lists.
 * Allowed values: "Default", unset; any value where `spec.hostUsers` is false.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { runsInUserNamespace } from "../../pod-security-exemptions";
import { type PodTemplate, containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

/** Every container whose /proc is not the default, masked one (the restricted control too). */
export function unmaskedProcMounts(pod: PodTemplate): Finding[] {
    const findings: Finding[] = [];
    for (const ref of containersOf(pod)) {
        const procMount = read(ref.container, "securityContext", "procMount");
        if (!isUnset(procMount) && procMount !== "Default") {
            findings.push({
                field: containerField(ref, "securityContext.procMount"),
                found: procMount,
                allowed: `"Default", unset`,
            });
        }
    }
    return findings;
}

export default podSecurityControl({
    name: "pss-proc-mount",
    checkId: "procMount",
    level: "baseline",
    description:
        "Containers must keep the default masked /proc unless the pod has its own user namespace.",
    severity: "medium",
    checklist: "default /proc masks kept",
    check(pod) {
        return runsInUserNamespace(pod) ? [] : unmaskedProcMounts(pod);
    },
});
