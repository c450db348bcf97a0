/**
 * A privileged container has every capability and every device of the node, and no confinement.
 *
 * Restricted fields: `securityContext.privileged` of every container of the three lists.
 * Allowed values: false, unset.
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

export default podSecurityControl({
    name: "pss-privileged",
    checkId: "privileged",
    level: "baseline",
    description: "Containers must not run privileged.",
    severity: "critical",
    checklist: "no privileged containers",
    cis: "5.2.2",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of containersOf(pod)) {
            const privileged = read(ref.container, "securityContext", "privileged");
            if (!isUnset(privileged) && privileged !== false) {
                findings.push({
                    field: containerField(ref, "securityContext.privileged"),
                    found: privileged,
                    allowed: "false, unset",
                });
            }
        }
        return findings;
    },
});
