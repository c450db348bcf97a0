/**
 * Most sysctls reach past the pod into the node's kernel; only namespaced sysctls that are
 * isolated from other pods, the "safe" set, may be set.
 *
 * Restricted fields: `spec.securityContext.sysctls[*].name`.
 * Allowed values: unset, empty, or the safe sysctls below (the set of Kubernetes 1.37).
 */
import { type Finding, isUnset, podSecurityControl, quoted } from "../../pod-security-control";
import { read } from "../../violation";

/** The safe sysctls, as of Kubernetes 1.37 (the last two added in 1.37, tcp_[rw]mem in 1.32). */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
]);

const ALLOWED = `one of the safe sysctls ${quoted(SAFE_SYSCTLS)}`;

export default podSecurityControl({
    name: "pss-sysctls",
    checkId: "sysctls",
    level: "baseline",
    description: "Pods must set only the safe, pod-isolated sysctls.",
    severity: "medium",
    checklist: "only safe sysctls",
    check(pod) {
        const field = `${pod.specPath}.securityContext.sysctls`;
        const sysctls = read(pod.spec, "securityContext", "sysctls");
        if (isUnset(sysctls)) {
            return [];
        }
        if (!Array.isArray(sysctls)) {
            return [
                {
                    field,
                    found: sysctls,
                    allowed: `a list of name-value entries, each name ${ALLOWED}`,
                },
            ];
        }
        const findings: Finding[] = [];
        sysctls.forEach((sysctl: unknown, index) => {
            const name = read(sysctl, "name");
            if (typeof name !== "string" || !SAFE_SYSCTLS.has(name)) {
                findings.push({ field: `${field}[${index}].name`, found: name, allowed: ALLOWED });
            }
        });
        return findings;
    },
});
