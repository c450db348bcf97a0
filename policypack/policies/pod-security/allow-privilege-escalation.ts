/**
 * A process must not gain more privileges than its parent (setuid binaries, file capabilities):
 * every container sets `allowPrivilegeEscalation: false`, which the runtime otherwise leaves on.
 * Windows pods are exempt: the field does not exist there.
 *
 * Restricted fields: `securityContext.allowPrivilegeEscalation` of every container of the three
 * lists. Allowed values: false.
 */
import { type Finding, podSecurityControl } from "../../pod-security-control";
import { isWindowsPod } from "../../pod-security-exemptions";
import { containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

export default podSecurityControl({
    name: "pss-allow-privilege-escalation",
    checkId: "allowPrivilegeEscalation",
    level: "restricted",
    description: "Containers must set securityContext.allowPrivilegeEscalation to false.",
    severity: "high",
    checklist: "no privilege escalation",
    cis: "5.2.6",
    check(pod) {
        if (isWindowsPod(pod)) {
            return [];
        }
        const findings: Finding[] = [];
        for (const ref of containersOf(pod)) {
            const value = read(ref.container, "securityContext", "allowPrivilegeEscalation");
            if (value !== false) {
                findings.push({
                    field: containerField(ref, "securityContext.allowPrivilegeEscalation"),
                    found: value,
                    allowed: "false",
                });
            }
        }
        return findings;
    },
});
