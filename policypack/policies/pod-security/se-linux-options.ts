/**
 * SELinux labels confine containers; a pod may pick only one of the container types, and never
 * a custom SELinux user or role.
 *
 * Restricted fields: `seLinuxOptions.type` of `spec.securityContext` and of every container of
 * the three lists. Allowed values: unset, "", and the container types below.
 *
 * Restricted fields: `seLinuxOptions.user` and `seLinuxOptions.role` of the same contexts.
 * Allowed values: unset, "".
 */
import { type Finding, isUnset, podSecurityControl, quoted } from "../../pod-security-control";
import { securityContextsOf } from "../../pod-templates";
import { read } from "../../violation";

/** The SELinux types a container may run as (container_engine_t since Kubernetes 1.31). */
export const ALLOWED_SELINUX_TYPES: ReadonlySet<string> = new Set([
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
]);

function isEmpty(value: unknown): boolean {
    return isUnset(value) || value === "";
}

export default podSecurityControl({
    name: "pss-se-linux-options",
    checkId: "seLinuxOptions",
    level: "baseline",
    description:
        "Pods and containers must use a container SELinux type and no custom SELinux user or role.",
    severity: "high",
    checklist: "SELinux confinement not overridden",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of securityContextsOf(pod)) {
            const options = read(ref.context, "seLinuxOptions");
            if (isUnset(options)) {
                continue;
            }
            const type = read(options, "type");
            if (!isEmpty(type) && !(typeof type === "string" && ALLOWED_SELINUX_TYPES.has(type))) {
                findings.push({
                    field: ref.at("seLinuxOptions.type"),
                    found: type,
                    allowed: `${quoted(ALLOWED_SELINUX_TYPES)}, "", unset`,
                });
            }
            for (const field of ["user", "role"]) {
                const value = read(options, field);
                if (!isEmpty(value)) {
                    findings.push({
                        field: ref.at(`seLinuxOptions.${field}`),
                        found: value,
                        allowed: `"", unset`,
                    });
                }
            }
        }
        return findings;
    },
});
