/**
 * Containers must drop every capability and may add back only NET_BIND_SERVICE. Windows pods are
 * exempt: Linux capabilities do not exist there.
 *
 * Restricted fields: `securityContext.capabilities.drop` of every container of the three lists.
 * Allowed values: a list that includes "ALL".
 *
 * Restricted fields: `securityContext.capabilities.add` of the same containers.
 * Allowed values: unset, empty, "NET_BIND_SERVICE".
 */
import { type Finding, isUnset, podSecurityControl } from "../../pod-security-control";
import { isWindowsPod } from "../../pod-security-exemptions";
import { containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

const ADD_ALLOWED = `unset, or only "NET_BIND_SERVICE"`;

export default podSecurityControl({
    name: "pss-capabilities-restricted",
    checkId: "capabilities_restricted",
    level: "restricted",
    description: "Containers must drop ALL capabilities and add back at most NET_BIND_SERVICE.",
    severity: "medium",
    checklist: "all capabilities dropped",
    cis: "5.2.8, 5.2.10",
    check(pod) {
        if (isWindowsPod(pod)) {
            return [];
        }
        const findings: Finding[] = [];
        for (const ref of containersOf(pod)) {
            const capabilities = read(ref.container, "securityContext", "capabilities");

            // Capability names are matched exactly: "all" is not "ALL" to Pod Security Admission.
            const dropped = read(capabilities, "drop");
            if (!(Array.isArray(dropped) && dropped.includes("ALL"))) {
                findings.push({
                    field: containerField(ref, "securityContext.capabilities.drop"),
                    found: dropped,
                    allowed: `a list that includes "ALL"`,
                });
            }

            const added = read(capabilities, "add");
            if (isUnset(added)) {
                continue;
            }
            if (!Array.isArray(added)) {
                findings.push({
                    field: containerField(ref, "securityContext.capabilities.add"),
                    found: added,
                    allowed: `a list: ${ADD_ALLOWED}`,
                });
                continue;
            }
            added.forEach((capability: unknown, index) => {
                if (capability !== "NET_BIND_SERVICE") {
                    findings.push({
                        field: containerField(ref, `securityContext.capabilities.add[${index}]`),
                        found: capability,
                        allowed: ADD_ALLOWED,
                    });
                }
            });
        }
        return findings;
    },
});
