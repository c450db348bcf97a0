/**
 * Containers may add back only capabilities that container runtimes grant by default; NET_RAW and
 * anything beyond the default set is refused.
 *
 * Restricted fields: `securityContext.capabilities.add` of every container of the three lists.
 * Allowed values: unset, empty, or entries of the default set below.
 */
import { type Finding, isUnset, podSecurityControl, quoted } from "../../pod-security-control";
import { containerField, containersOf } from "../../pod-templates";
import { read } from "../../violation";

/** The capabilities a container runtime grants by default, less NET_RAW. */
export const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
]);

const ALLOWED = `unset, or only ${quoted(DEFAULT_CAPABILITIES)}`;

export default podSecurityControl({
    name: "pss-capabilities-baseline",
    checkId: "capabilities_baseline",
    level: "baseline",
    description: "Containers must not add capabilities beyond the container runtime's default set.",
    severity: "high",
    checklist: "no added capabilities beyond the defaults",
    cis: "5.2.9",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of containersOf(pod)) {
            const added = read(ref.container, "securityContext", "capabilities", "add");
            if (isUnset(added)) {
                continue;
            }
            if (!Array.isArray(added)) {
                const field = containerField(ref, "securityContext.capabilities.add");
                findings.push({ field, found: added, allowed: `a list: ${ALLOWED}` });
                continue;
            }
            added.forEach((capability: unknown, index) => {
                if (typeof capability !== "string" || !DEFAULT_CAPABILITIES.has(capability)) {
                    findings.push({
                        field: containerField(ref, `securityContext.capabilities.add[${index}]`),
                        found: capability,
                        allowed: ALLOWED,
                    });
                }
            });
        }
        return findings;
    },
});
